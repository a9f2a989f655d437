using OrleansChat.Bench.Clients;
using OrleansChat.Bench.Report;
using OrleansChat.Bench.Running;

namespace OrleansChat.Bench.Scenarios;

/// <summary>
/// Scenario 6, slow consumers: a room under steady load where 1 % of the members stop reading (with a small kernel
/// receive buffer, so the server feels it soon). Measured: the other members' latency and loss before and while they
/// stall, the server's memory, and what the server did with the stalled connections.
/// </summary>
public sealed class SlowConsumerScenario : IScenario
{
    private static readonly TimeSpan Baseline = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan CatchUp = TimeSpan.FromSeconds(3);

    public string Key => "slow";

    public string Title => "6. Slow consumers";

    public async Task<ScenarioResult> RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var profile = context.Profile;
        var members = profile.SlowMembers;
        var slowCount = Math.Max(1, members / 100);
        var senders = profile.MaxSenders;
        var rows = new List<IReadOnlyList<string>>();
        var othersP99 = new Dictionary<ServerKind, double>();
        var closedCounts = new Dictionary<ServerKind, double>();
        foreach (var kind in context.Kinds)
        {
            var name = RunContext.NameOf(kind);
            context.Progress.Line($"{Title}, {name}: {members} members, {slowCount} stop reading, {profile.SlowDeliveryRate:N0} deliveries/s");
            await using var server = await context.Launcher.StartAsync(kind, cancellationToken);
            await using var load = await RoomLoad.StartAsync(context, kind,
                m => new MemberPlan(server.Uri, Records: m < members - slowCount, Slow: m >= members - slowCount),
                "slow", 1, members, senders, profile.SlowPadding, cancellationToken);
            var group = new ProcessGroup([server.Process]);
            var slow = load.Clients.Skip(members - slowCount).ToList();

            var before = await RateSweep.RunStepAsync(context, $"slow {name} baseline", load.Senders, group, profile.SlowDeliveryRate, WarmUp, Baseline, cancellationToken);
            context.Progress.Line($"  baseline {RateSweep.Describe(before)}");

            var peakRss = server.Sample().RssBytes;
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    peakRss = Math.Max(peakRss, server.Sample().RssBytes);
                    await Task.Delay(250, CancellationToken.None);
                }
            }, CancellationToken.None);
            foreach (var client in slow)
            {
                client.PauseReading();
            }
            var during = await RateSweep.RunStepAsync(context, $"slow {name} stalled", load.Senders, group, profile.SlowDeliveryRate, WarmUp, profile.SlowPhase, cancellationToken);
            await sampling.CancelAsync();
            await sampler;
            context.Progress.Line($"  stalled  {RateSweep.Describe(during)}");

            foreach (var client in slow)
            {
                client.ResumeReading();
            }
            await Task.Delay(CatchUp, cancellationToken);
            var closed = slow.Where(c => c.IsClosed).ToList();
            var codes = string.Join(", ", closed.Select(c => c.CloseStatus is { } s ? ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture) : "reset").Distinct());
            var fate = closed.Count == 0 ? $"0/{slowCount} closed" : $"{closed.Count}/{slowCount} closed ({codes})";
            othersP99[kind] = during.Latency.P99;
            closedCounts[kind] = closed.Count;
            rows.Add(Row(name, "all reading", before, null, "-"));
            rows.Add(Row(name, $"{slowCount} stalled", during, peakRss, fate));
            await server.DisposeAsync();
        }
        return new ScenarioResult(Key, Title,
            $"One room of {members} members, {senders} senders at {profile.SlowDeliveryRate:N0} deliveries/s with {profile.SlowPadding:N0}-character messages. " +
            $"After a {Baseline.TotalSeconds:0} s baseline, {slowCount} members (1 %, kernel receive buffer 4 KB) stop reading for {profile.SlowPhase.TotalSeconds:0} s; " +
            $"the others keep reading and are measured. Then the stalled ones read again for {CatchUp.TotalSeconds:0} s: a connection the server gave up on ends with its close code (or a reset).",
            [new ReportTable("Others' latency and the server, before and while 1 % stall",
                ["server", "phase", "others delivered/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "others lost", "server RSS MB (peak)", "stalled connections"], rows)],
            [
                new HeadlineEntry("Slow consumers: others' p99 while 1 % stall", Get(othersP99, ServerKind.Ours), Get(othersP99, ServerKind.SignalR), "ms", HigherIsBetter: false),
                new HeadlineEntry("Slow consumers: stalled connections closed by the server", Get(closedCounts, ServerKind.Ours), Get(closedCounts, ServerKind.SignalR), $"of {slowCount}", HigherIsBetter: true),
            ],
            [], [], Stopwatch.GetElapsedTime(started));
    }

    private static IReadOnlyList<string> Row(string server, string phase, StepResult step, long? peakRss, string fate) =>
    [
        server, phase, Format.Rate(step.DeliveriesPerSecond), Format.Ms(step.Latency.P50), Format.Ms(step.Latency.P99), Format.Ms(step.Latency.P999),
        Format.Ms(step.Latency.Max), Format.Count(step.Lost), Format.Fixed((peakRss ?? (long)(step.ServerRssMb * 1048576)) / 1048576.0, 0), fate,
    ];

    private static double? Get(Dictionary<ServerKind, double> values, ServerKind kind) => values.TryGetValue(kind, out var v) ? v : null;
}
