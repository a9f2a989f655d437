using System.Globalization;
using OrleansChat.Bench.Clients;
using OrleansChat.Bench.Measurement;
using OrleansChat.Bench.Report;

namespace OrleansChat.Bench.Running;

/// <summary>
/// Sweeps the delivery rate upwards, doubling from the profile's start, until a step no longer holds (p99 above the
/// bound, loss or errors) twice in a row, then tries once between the last held rate and the first that was not. An
/// invalid step (the generator, not the server, was the limit) does not end the sweep unless the next one is invalid
/// too. When not even the start rate holds, it halves the rate at most twice. Several servers sweep in lockstep.
/// Each step: warm-up (discarded), a measurement window, then a bounded drain that counts what never arrived as lost.
/// </summary>
public static class RateSweep
{
    /// <summary>Generator CPU from which a step is invalid: the generator would then hold at least half the machine.</summary>
    public const double GeneratorSaturatedCores = 0.95;

    /// <summary>
    /// Dispatch lag p99 from which a step is invalid when it also explains at least half of the latency p99: the
    /// generator could not keep its own schedule, so the latency measured the generator.
    /// </summary>
    public const double DispatchLagLimitMs = 10;

    /// <summary>Sweeps one server.</summary>
    public static async Task<SeriesResult> RunAsync(RunContext context, string label, ServerKind kind, IReadOnlyList<Sender> senders, ProcessGroup servers, CancellationToken cancellationToken) =>
        (await RunAsync(context, label, [new SweepTarget(kind, senders, servers)], cancellationToken))[0];

    /// <summary>
    /// Sweeps several servers in lockstep: each rate runs on one server, then on the next, before the rate doubles,
    /// so both see the same moments of a shared machine and their ratio is fair even when the machine is not quiet.
    /// </summary>
    public static async Task<IReadOnlyList<SeriesResult>> RunAsync(RunContext context, string label, IReadOnlyList<SweepTarget> targets, CancellationToken cancellationToken)
    {
        var profile = context.Profile;
        var states = targets.Select(t => new SweepState(t)).ToList();
        var rate = profile.StartDeliveryRate;
        for (var i = 0; i < profile.MaxSteps && states.Any(s => !s.Done); i++)
        {
            foreach (var state in states.Where(s => !s.Done))
            {
                var step = await StepWithRetryAsync(context, label, state.Target, rate, cancellationToken);
                state.Steps.Add(step);
                if (step.Held)
                {
                    state.Held = rate;
                    state.InvalidInARow = 0;
                }
                else if (step.Valid || ++state.InvalidInARow == 2)
                {
                    // An invalid step says nothing about the server: go on up, unless the next one is invalid too.
                    state.Failed = rate;
                    state.Done = true;
                }
            }
            rate *= 2;
        }
        // Nothing held at the start rate: look below it, halving twice at most.
        for (var down = profile.StartDeliveryRate / 2; down >= profile.StartDeliveryRate / 4; down /= 2)
        {
            foreach (var state in states.Where(s => s.Held == 0))
            {
                var step = await RunLoggedStepAsync(context, label, state.Target, down, "", cancellationToken);
                state.Steps.Add(step);
                if (step.Held)
                {
                    state.Held = down;
                }
            }
        }
        foreach (var state in states.Where(s => s.Held > 0 && s.Failed > s.Held))
        {
            state.Steps.Add(await RunLoggedStepAsync(context, label, state.Target, Math.Round(Math.Sqrt(state.Held * state.Failed)), "", cancellationToken));
        }
        return [.. states.Select(s => new SeriesResult(label, s.Target.Kind, [.. s.Steps.OrderBy(step => step.TargetDeliveryRate)]))];
    }

    private static async Task<StepResult> StepWithRetryAsync(RunContext context, string label, SweepTarget target, double rate, CancellationToken cancellationToken)
    {
        var step = await RunLoggedStepAsync(context, label, target, rate, "", cancellationToken);
        if (!step.Held && WorthRetry(step))
        {
            // The machine is shared: one retry keeps a passing hiccup (another process, a GC) from ending the sweep.
            var retry = await RunLoggedStepAsync(context, label, target, rate, " (retry)", cancellationToken);
            step = Better(step, retry);
        }
        return step;
    }

    private static async Task<StepResult> RunLoggedStepAsync(RunContext context, string label, SweepTarget target, double rate, string suffix, CancellationToken cancellationToken)
    {
        await ClientSet.WaitQuietAsync(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), cancellationToken);
        var name = RunContext.NameOf(target.Kind);
        var step = await RunStepAsync(context, $"{label} {name}{suffix}", target.Senders, target.Servers, rate, context.Profile.WarmUp, context.Profile.Measure, cancellationToken);
        context.Progress.Line($"  {label} {name,-7} {Describe(step)}{suffix}");
        return step;
    }

    private sealed class SweepState(SweepTarget target)
    {
        public SweepTarget Target { get; } = target;

        public List<StepResult> Steps { get; } = [];

        public double Held { get; set; }

        public double Failed { get; set; }

        public int InvalidInARow { get; set; }

        public bool Done { get; set; }
    }

    /// <summary>
    /// A failed step is run again unless it failed clearly on a quiet machine (p99 ten times over the bound with
    /// other processes idle): then it is the knee, and a retry would only spend time.
    /// </summary>
    private static bool WorthRetry(StepResult step) =>
        !step.Valid || step.OtherCpuCores >= 0.3 || step.Latency.P99 < 10 * BenchProfile.HeadlineP99Ms;

    /// <summary>Of a step and its retry, the one that held, else the one with the lower p99.</summary>
    private static StepResult Better(StepResult first, StepResult retry) =>
        retry.Held && !first.Held ? retry
        : first.Held ? first
        : retry.Valid && (!first.Valid || retry.Latency.P99 < first.Latency.P99) ? retry : first;

    /// <summary>Runs one step at a fixed delivery rate and measures it.</summary>
    public static Task<StepResult> RunStepAsync(RunContext context, string label, IReadOnlyList<Sender> senders, ProcessGroup servers, double deliveryRate, TimeSpan warmUp, TimeSpan measure, CancellationToken cancellationToken) =>
        RunStepAsync(context, label, senders, servers, deliveryRate, warmUp, measure, timeToLastReceiver: false, cancellationToken);

    /// <summary>
    /// Runs one step at a fixed delivery rate and measures it; with <paramref name="timeToLastReceiver"/> it also times
    /// each message to its last receiver (every message must then reach the same receivers).
    /// </summary>
    public static async Task<StepResult> RunStepAsync(RunContext context, string label, IReadOnlyList<Sender> senders, ProcessGroup servers, double deliveryRate, TimeSpan warmUp, TimeSpan measure, bool timeToLastReceiver, CancellationToken cancellationToken)
    {
        var receiversPerMessage = senders.Average(s => s.Receivers);
        var sendRate = deliveryRate / receiversPerMessage;
        var start = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 100);
        var measureFrom = start + Ticks(warmUp);
        var measureUntil = measureFrom + Ticks(measure);
        var step = context.Board.StartStep(measureFrom, measureUntil, timeToLastReceiver ? senders[0].Receivers : 0);
        var schedule = OpenLoopScheduler.RunAsync(senders, step, sendRate, start, measureUntil);

        await DelayUntilAsync(context, label, step, deliveryRate, measureFrom, cancellationToken);
        var each0 = servers.SampleEach();
        var server0 = ProcessGroup.Total(each0);
        var self0 = ProcessSampler.ReadSelf();
        var machine0 = MachineSampler.BusySeconds();
        await DelayUntilAsync(context, label, step, deliveryRate, measureUntil, cancellationToken);
        var each1 = servers.SampleEach();
        var server1 = ProcessGroup.Total(each1);
        var self1 = ProcessSampler.ReadSelf();
        var machine1 = MachineSampler.BusySeconds();
        await schedule;

        // Drain: what has not arrived within the drain time after the schedule ended counts as lost.
        var drainUntil = Stopwatch.GetTimestamp() + Ticks(context.Profile.Drain);
        while (step.Delivered < step.Expected && Stopwatch.GetTimestamp() < drainUntil)
        {
            await Task.Delay(20, cancellationToken);
        }
        context.Board.EndStep();

        var windowSeconds = measure.TotalSeconds;
        var generatorCores = self1.CoresSince(self0);
        var serverCores = server1.CoresSince(server0);
        var wall = Stopwatch.GetElapsedTime(server0.Timestamp, server1.Timestamp).TotalSeconds;
        var otherCores = wall <= 0 ? 0 : Math.Max(0, ((machine1 - machine0) / wall) - serverCores - generatorCores);
        var lagP99 = step.DispatchLag.ValueAtPercentile(99) / 1000.0;
        string? invalid = null;
        if (generatorCores >= GeneratorSaturatedCores)
        {
            invalid = $"generator saturated ({generatorCores:0.00} cores)";
        }
        else if (lagP99 > DispatchLagLimitMs && lagP99 >= step.Latency.ValueAtPercentile(99) / 1000.0 / 2)
        {
            invalid = $"generator behind schedule (dispatch p99 {lagP99:0.0} ms)";
        }
        return new StepResult(
            TargetDeliveryRate: deliveryRate,
            TargetSendRate: sendRate,
            DeliveriesPerSecond: step.DeliveredInWindow / windowSeconds,
            Latency: LatencySummary.From(step.Latency),
            Expected: step.Expected,
            Delivered: step.Delivered,
            Duplicates: step.Duplicates,
            Errors: step.Errors,
            ServerCpuCores: serverCores,
            ServerCpuSeconds: server1.CpuSeconds - server0.CpuSeconds,
            ServerRssMb: server1.RssBytes / 1048576.0,
            GeneratorCpuCores: generatorCores,
            DispatchLagP99Ms: lagP99,
            OtherCpuCores: otherCores,
            InvalidReason: invalid,
            LastMember: step.Completion is { } completion ? LatencySummary.From(completion.LastArrival) : null,
            IncompleteMessages: step.Completion?.Incomplete ?? 0,
            Processes: [.. servers.Names.Select((name, i) => new ProcessCpu(name, each1[i].CoresSince(each0[i])))]);
    }

    public static string Describe(StepResult step)
    {
        var verdict = !step.Valid ? "INVALID: " + step.InvalidReason : step.Held ? "held" : "not held";
        return string.Create(CultureInfo.InvariantCulture,
            $"{step.TargetDeliveryRate,9:N0}/s -> {step.DeliveriesPerSecond,9:N0}/s  p50 {step.Latency.P50,7:0.00} ms  p99 {step.Latency.P99,8:0.00} ms  max {step.Latency.Max,8:0.0} ms  lost {step.Lost:N0}  dup {step.Duplicates}  err {step.Errors}  srv {step.ServerCpuCores:0.00} cores  gen {step.GeneratorCpuCores:0.00}  other {step.OtherCpuCores:0.00}  {verdict}");
    }

    private static async Task DelayUntilAsync(RunContext context, string label, StepMeasurement step, double rate, long until, CancellationToken cancellationToken)
    {
        while (true)
        {
            var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), until);
            if (left <= TimeSpan.Zero)
            {
                return;
            }
            context.Progress.Live(string.Create(CultureInfo.InvariantCulture,
                $"{label}  {rate:N0} deliveries/s  delivered {step.Delivered:N0}/{step.Expected:N0}  p99 so far {step.Latency.ValueAtPercentile(99) / 1000.0:0.0} ms"));
            await Task.Delay(left < TimeSpan.FromMilliseconds(500) ? left : TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
