using OrleansChat.Bench.Measurement;

namespace OrleansChat.Bench.Running;

/// <summary>
/// Open-loop sending on a fixed schedule: message k is due at start + k/rate, handed round-robin to the senders,
/// whatever the server's replies do. Runs on a dedicated thread waking every millisecond; how late it hands a
/// message of the measurement window over is recorded as the generator's dispatch lag (a saturated or starved
/// generator shows there).
/// </summary>
public static class OpenLoopScheduler
{
    public static Task RunAsync(IReadOnlyList<Sender> senders, StepMeasurement step, double rate, long start, long end)
    {
        ArgumentOutOfRangeException.ThrowIfZero(senders.Count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Run(senders, step, rate, start, end);
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "open-loop scheduler",
            Priority = ThreadPriority.AboveNormal,
        };
        thread.Start();
        return done.Task;
    }

    private static void Run(IReadOnlyList<Sender> senders, StepMeasurement step, double rate, long start, long end)
    {
        var interval = Stopwatch.Frequency / rate;
        long k = 0;
        while (true)
        {
            var now = Stopwatch.GetTimestamp();
            long due;
            while ((due = start + (long)(k * interval)) <= now && due < end)
            {
                senders[(int)(k % senders.Count)].Enqueue(step, due);
                if (due >= step.MeasureFrom)
                {
                    step.DispatchLag.Record(Stopwatch.GetElapsedTime(due, now).Ticks / TimeSpan.TicksPerMicrosecond);
                }
                k++;
            }
            if (due >= end)
            {
                return;
            }
            var wait = Stopwatch.GetElapsedTime(now, due);
            Thread.Sleep(wait > TimeSpan.FromMilliseconds(2) ? wait - TimeSpan.FromMilliseconds(1) : TimeSpan.FromMilliseconds(1));
        }
    }
}
