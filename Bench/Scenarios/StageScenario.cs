using System.Globalization;
using OrleansChat.Bench.Clients;
using OrleansChat.Bench.Report;
using OrleansChat.Bench.Running;
using OrleansChat.Bench.Tracing;

namespace OrleansChat.Bench.Scenarios;

/// <summary>
/// Scenario 9, where the time goes: our server (embedded, one process) under a fixed load, one room of 100 at 10,000
/// deliveries/s, with a CPU-sampling trace taken over the measurement window. Each sample of a running thread is
/// given to the stage of a message's way whose frame is innermost on its stack; a stage's share of the samples times
/// the server's CPU per message (from /proc over the same window) is that stage's CPU per message.
/// </summary>
public sealed class StageScenario : IScenario
{
    /// <summary>
    /// The stages of one message, by the frames (type or method names) that show a thread working on it. Only frames
    /// particular to a stage: Orleans' call machinery (grain references, the runtime client, responses) serves every grain
    /// call, the stream's queue grain and pulling agents too, so a sample in it belongs to the stage frame above it.
    /// </summary>
    public static IReadOnlyList<TraceStage> Stages { get; } =
    [
        new("socket read and parse", "Kestrel's socket receive, WebSocket frame reads, the command parser",
            ["SocketConnection.DoReceive", "SocketConnection+<DoReceive>", "SocketReceiver", "ManagedWebSocket.ReceiveAsync", "ManagedWebSocket+<ReceiveAsync", "ConnectionReader", "CommandParser", "ConnectionStream.Read", "ConnectionStream+<Read"]),
        new("grain call", "the send command's call to the room grain and its reply: the handler, Orleans' request, invoke and response",
            ["CommandHandler", "RoomGrain.SendAsync", "RoomGrain.EnqueueAsync", "Invokable_IRoomGrain", "Proxy_IRoomGrain"]),
        new("log append", "building the commit (seq, presence), appending it to the room's log, answering the changes it carried",
            ["CommitNextAsync", "CommitLoopAsync", "RoomLogStore", "RoomChange", "RoomCommit", "RoomPresence"]),
        new("stream publish", "publishing the commit on the room's stream, into the memory-stream queue grain",
            ["PublishAsync", "Orleans.Streams.StreamImpl", "MemoryStreamQueueGrain.Enqueue", "MemoryStreamQueueGrain+<Enqueue", "QueueMessageBatchAsync", "MessageBodySerializer.Serialize"]),
        new("stream delivery to the room feed", "pulling agents reading the queues, the stream cache, delivery to the feed's subscription",
            ["PersistentStreamPullingAgent", "MemoryAdapterReceiver", "MemoryStreamQueueGrain.Dequeue", "MemoryStreamQueueGrain+<Dequeue", "StreamConsumerExtension", "PooledQueueCache", "MemoryPooledCache", "MessageBodySerializer.Deserialize"]),
        new("fan-out and socket writes", "the room feed (order, serialize once, queue to every member), outbound writers, WebSocket frames, Kestrel's socket sends",
            ["RoomFeed", "FeedMember", "OutboundWriter", "ManagedWebSocket.SendAsync", "ManagedWebSocket+<SendFrame", "ManagedWebSocket.SendFrame", "SocketConnection.DoSend", "SocketConnection+<DoSend>", "SocketSender", "ConnectionStream.Write", "ConnectionStream+<Write", "ConnectionStream.Flush"]),
    ];

    public string Key => "stages";

    public string Title => "9. Where the time goes";

    public async Task<ScenarioResult> RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (!context.Kinds.Contains(ServerKind.Ours))
        {
            return new ScenarioResult(Key, Title, "Skipped: our server is not among --servers.", [], [], [], [], TimeSpan.Zero);
        }
        var profile = context.Profile;
        var members = profile.StageRoomMembers;
        var senders = Math.Min(members, profile.MaxSenders);
        var rate = profile.StageDeliveryRate;
        var window = profile.StageTrace;
        var trace = Path.Combine(context.Launcher.LogDirectory, "stages.nettrace");
        context.Progress.Line($"{Title}: one room of {members}, {rate:N0} deliveries/s, a step without and one with a CPU-sampling trace of {window.TotalSeconds:0} s");
        StepResult untraced;
        StepResult traced;
        await using (var server = await context.Launcher.StartAsync(ServerKind.Ours, cancellationToken))
        {
            await using var load = await RoomLoad.StartAsync(context, ServerKind.Ours, _ => new MemberPlan(server.Uri), "stages", 1, members, senders, 0, cancellationToken);
            var group = new ProcessGroup([server.Process]);
            untraced = await RateSweep.RunStepAsync(context, "stages", load.Senders, group, rate, profile.WarmUp, window, cancellationToken);
            context.Progress.Line($"  untraced {RateSweep.Describe(untraced)}");
            var stepping = RateSweep.RunStepAsync(context, "stages traced", load.Senders, group, rate, profile.WarmUp, window, cancellationToken);
            // The trace covers the step's measurement window: it starts after the warm-up and lasts as long.
            await Task.Delay(profile.WarmUp, cancellationToken);
            await CpuSampleTrace.CollectAsync(server.Process.Pid, window, trace, cancellationToken);
            traced = await stepping;
            context.Progress.Line($"  traced   {RateSweep.Describe(traced)}");
            // The server first, so it does not broadcast every leave; the clients close with the load.
            await server.DisposeAsync();
        }
        var breakdown = StageBreakdown.Analyze(trace, Stages);
        await File.WriteAllTextAsync(Path.ChangeExtension(trace, ".txt"), breakdown.Describe(), cancellationToken);

        var messages = traced.TargetSendRate * window.TotalSeconds;
        var total = messages <= 0 ? 0 : traced.ServerCpuSeconds * 1e6 / messages;
        // On a busy machine a thread waiting for a core is sampled as if it ran, and the samples can add up to more
        // than the CPU the server used: then they are scaled down to it, so the rows never claim more than /proc saw.
        var scale = breakdown.BusySeconds > traced.ServerCpuSeconds && breakdown.BusySeconds > 0 ? traced.ServerCpuSeconds / breakdown.BusySeconds : 1;
        double PerMessage(double seconds) => messages <= 0 ? 0 : seconds * scale * 1e6 / messages;
        var rows = new List<IReadOnlyList<string>>();
        void Row(string name, string covers, string samples, double micros) =>
            rows.Add([name, covers, samples, Format.Fixed(micros, 1), total <= 0 ? "" : Format.Fixed(micros / total * 100, 1) + " %"]);
        foreach (var stage in Stages)
        {
            Row(stage.Name, stage.Covers, Format.Count(breakdown.SamplesOf(stage.Name)), PerMessage(breakdown.SecondsOf(stage.Name)));
        }
        Row(StageBreakdown.OrleansRuntime, "Orleans scheduling, messaging and serialization run as continuations whose stack shows none of the stages",
            Format.Count(breakdown.SamplesOf(StageBreakdown.OrleansRuntime)), PerMessage(breakdown.SecondsOf(StageBreakdown.OrleansRuntime)));
        Row(StageBreakdown.Other, "other sampled work: thread-pool dispatch, timers, Kestrel and runtime housekeeping",
            Format.Count(breakdown.SamplesOf(StageBreakdown.Other)), PerMessage(breakdown.SecondsOf(StageBreakdown.Other)));
        Row("not in the samples", "the rest of the server's CPU (/proc): thread-pool workers spinning for work, garbage collection, JIT, time in the kernel, the profiler's own pauses",
            $"(spinning: {breakdown.SpinSamples:N0})", Math.Max(0, total - PerMessage(breakdown.BusySeconds)));
        Row("all (traced step)", $"server CPU per message over the traced window, from /proc; without the trace: {Format.Fixed(PerMessage(untraced.ServerCpuSeconds), 1)} µs",
            Format.Count(breakdown.BusySamples), total);
        var top = Stages.MaxBy(stage => breakdown.SamplesOf(stage.Name))!;
        return new ScenarioResult(Key, Title,
            $"Our server alone (embedded: one process, memory log and streams), one room of {members} with {senders} senders, {rate:N0} deliveries/s " +
            $"({traced.TargetSendRate:N0} messages/s): one step as usual, then the same step while the runtime's sample profiler takes every managed thread's stack " +
            string.Create(CultureInfo.InvariantCulture, $"about every millisecond (measured: one round every {breakdown.IntervalMs:0.00} ms) for the {window.TotalSeconds:0} s of its window. ") +
            "The trace is taken in process through the runtime's diagnostics port, as `dotnet-trace collect --profile cpu-sampling` would. " +
            "Samples of threads parked in a wait (thread-pool idle, epoll, timers) are dropped, and so are those of thread-pool workers spinning for work: the profiler " +
            "cannot tell spinning from waiting for a core (their number is on the row of what the samples do not cover). Each other sample goes to the stage whose frame " +
            "is innermost on its stack, and stands for one sampling interval of CPU. **µs/message** = a stage's samples x the interval / messages in the window; " +
            "**share** = of the server's CPU per message over the same window from /proc, so the rows add up to it. Approximate by nature: a runnable thread waiting " +
            "for a core is sampled as if it ran (on a busy machine the samples can exceed the CPU used; they are then scaled down to it), a thread in a system call " +
            "is sampled at its managed caller, and what the samples do not cover (spinning, GC, JIT, kernel, the profiler's pauses) is a row of its own. " +
            "The trace (`stages.nettrace`, for PerfView) and the frames of unclaimed samples (`stages.txt`) are kept with the server logs; " +
            "`--stages-from <stages.nettrace>` prints the breakdown again.",
            [
                SweepTable.Of("The two steps: without the trace, then traced", [new SeriesResult("stages", ServerKind.Ours, [untraced, traced])]),
                new ReportTable($"CPU per message by stage, one room of {members} at {rate:N0} deliveries/s ({traced.TargetSendRate:N0} messages/s)",
                    ["stage", "covers", "samples", "µs/message", "share of server CPU"], rows),
            ],
            [new HeadlineEntry($"Where the time goes: CPU per message in the costliest stage ({top.Name})", PerMessage(breakdown.SecondsOf(top.Name)), null, "µs", HigherIsBetter: false, "ours only")],
            [], [], Stopwatch.GetElapsedTime(started));
    }
}
