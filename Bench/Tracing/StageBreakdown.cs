using System.Globalization;
using System.Text;
using Microsoft.Diagnostics.Tracing.Etlx;

namespace OrleansChat.Bench.Tracing;

/// <summary>
/// Where a process's sampled CPU went, by stage: every stack sample of a thread that was running (not parked in a
/// wait) is given to the innermost frame that belongs to a stage; samples with no stage frame go to the Orleans runtime
/// when some frame is Orleans', else to "other". Counts are samples; the sampling interval (nominally 1 ms, longer
/// on a busy machine) is measured from the trace itself, so samples convert to CPU time.
/// </summary>
public sealed class StageBreakdown
{
    /// <summary>Frames of Orleans' own runtime: scheduling, messaging, serialization with no stage of ours on the stack.</summary>
    public const string OrleansRuntime = "Orleans runtime, no stage on the stack";

    public const string Other = "other";

    private const string SampleProvider = "Microsoft-DotNETCore-SampleProfiler";

    private readonly Dictionary<string, long> _byStage = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _unattributedFrames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _idleLeaves = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _unattributedLeaves = new(StringComparer.Ordinal);

    /// <summary>Time between two sampling rounds, in milliseconds: the trace's length over the rounds it holds.</summary>
    public double IntervalMs { get; private set; }

    /// <summary>Samples of threads that were running (or runnable) rather than waiting.</summary>
    public long BusySamples { get; private set; }

    /// <summary>Samples of threads parked in a wait (thread-pool idle, epoll, timers): not CPU.</summary>
    public long IdleSamples { get; private set; }

    /// <summary>
    /// Idle samples of thread-pool workers spinning for work (a spin waiter or the worker loop as innermost frame):
    /// CPU while the worker runs, but the profiler cannot tell that from a worker descheduled mid-spin.
    /// </summary>
    public long SpinSamples { get; private set; }

    public long SamplesOf(string stage) => _byStage.GetValueOrDefault(stage);

    /// <summary>The CPU time a stage's samples stand for, in seconds.</summary>
    public double SecondsOf(string stage) => SamplesOf(stage) * IntervalMs / 1000;

    /// <summary>The CPU time all busy samples stand for, in seconds.</summary>
    public double BusySeconds => BusySamples * IntervalMs / 1000;

    public static StageBreakdown Analyze(string nettracePath, IReadOnlyList<TraceStage> stages)
    {
        var etlx = TraceLog.CreateFromEventPipeDataFile(nettracePath);
        try
        {
            using var log = TraceLog.OpenOrConvert(etlx);
            var breakdown = new StageBreakdown();
            var frames = new List<string>();
            // Every round samples every managed thread once: the thread sampled most often was there for every round.
            var perThread = new Dictionary<int, long>();
            double first = double.MaxValue, last = 0;
            foreach (var e in log.Events)
            {
                if (!string.Equals(e.ProviderName, SampleProvider, StringComparison.Ordinal) || e.CallStack() is not { } stack)
                {
                    continue;
                }
                perThread[e.ThreadID] = perThread.GetValueOrDefault(e.ThreadID) + 1;
                first = Math.Min(first, e.TimeStampRelativeMSec);
                last = Math.Max(last, e.TimeStampRelativeMSec);
                frames.Clear();
                for (var frame = stack; frame is not null; frame = frame.Caller)
                {
                    frames.Add(frame.CodeAddress.FullMethodName ?? "?");
                }
                breakdown.Add(frames, stages);
            }
            var rounds = perThread.Count == 0 ? 0 : perThread.Values.Max();
            breakdown.IntervalMs = rounds < 2 ? 0 : (last - first) / (rounds - 1);
            return breakdown;
        }
        finally
        {
            File.Delete(etlx);
        }
    }

    /// <summary>Samples by stage, the commonest frames of samples no stage claimed, and the commonest waits: to check and tune the stages.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"busy samples {BusySamples}, idle samples {IdleSamples} (spinning {SpinSamples}), one sampling round every {IntervalMs:0.00} ms");
        foreach (var (stage, count) in _byStage.OrderByDescending(p => p.Value))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{count,8} {stage}");
        }
        text.AppendLine().AppendLine("leaf frames of unclaimed busy samples:");
        foreach (var (frame, count) in _unattributedLeaves.OrderByDescending(p => p.Value).Take(40))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{count,8} {frame}");
        }
        text.AppendLine().AppendLine("frames of unclaimed busy samples (inclusive):");
        foreach (var (frame, count) in _unattributedFrames.OrderByDescending(p => p.Value).Take(80))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{count,8} {frame}");
        }
        text.AppendLine().AppendLine("leaf frames of idle samples:");
        foreach (var (frame, count) in _idleLeaves.OrderByDescending(p => p.Value).Take(20))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{count,8} {frame}");
        }
        return text.ToString();
    }

    /// <summary>
    /// A thread parked in a wait shows it as its innermost frame: a wait or sleep (the thread pool's semaphore,
    /// monitors, timers), a thread-pool worker between work items, a call into native code the trace cannot name (the
    /// socket engine's epoll wait), or the blocking read of a file watcher. The sample profiler takes those threads
    /// too. A worker spinning for work does use CPU, but the profiler cannot tell it from one descheduled mid-spin
    /// (on a busy machine those samples exceed the CPU the process used): spinning is left to what /proc measures.
    /// </summary>
    internal static bool IsWaiting(IReadOnlyList<string> frames) =>
        frames.Count == 0
        || frames[0].Length == 0 || frames[0] == "?"
        || frames[0].Contains("Wait", StringComparison.Ordinal) || frames[0].Contains("Sleep", StringComparison.Ordinal)
        || frames[0].StartsWith("System.Threading.PortableThreadPool+WorkerThread.WorkerThreadStart(", StringComparison.Ordinal)
        || frames[0].StartsWith("Interop+Sys.Read(", StringComparison.Ordinal) && frames.Count > 1 && frames[1].Contains("FileSystemWatcher", StringComparison.Ordinal);

    internal static bool IsSpinning(IReadOnlyList<string> frames) =>
        frames.Count > 0
        && (frames[0].StartsWith("System.Threading.LowLevelSpinWaiter.", StringComparison.Ordinal)
            || frames[0].StartsWith("System.Threading.LowLevelLifoSemaphore.Wait(", StringComparison.Ordinal)
            || frames[0].StartsWith("System.Threading.PortableThreadPool+WorkerThread.WorkerThreadStart(", StringComparison.Ordinal));

    /// <summary>Counts one sample, its frames innermost first.</summary>
    internal void Add(List<string> frames, IReadOnlyList<TraceStage> stages)
    {
        if (IsWaiting(frames))
        {
            IdleSamples++;
            if (IsSpinning(frames))
            {
                SpinSamples++;
            }
            var leaf = frames.Count == 0 ? "(no managed frame)" : frames[0];
            _idleLeaves[leaf] = _idleLeaves.GetValueOrDefault(leaf) + 1;
            return;
        }
        BusySamples++;
        // Innermost first: the deepest frame of a stage says what the thread was doing for the message.
        foreach (var frame in frames)
        {
            foreach (var stage in stages)
            {
                if (stage.Matches(frame))
                {
                    _byStage[stage.Name] = _byStage.GetValueOrDefault(stage.Name) + 1;
                    return;
                }
            }
        }
        var bucket = frames.Exists(f => f.StartsWith("Orleans.", StringComparison.Ordinal)) ? OrleansRuntime : Other;
        _byStage[bucket] = _byStage.GetValueOrDefault(bucket) + 1;
        _unattributedLeaves[frames[0]] = _unattributedLeaves.GetValueOrDefault(frames[0]) + 1;
        foreach (var frame in frames.Distinct())
        {
            _unattributedFrames[frame] = _unattributedFrames.GetValueOrDefault(frame) + 1;
        }
    }
}
