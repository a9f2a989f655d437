using OrleansChat.Bench.Clients;
using OrleansChat.Bench.Report;
using OrleansChat.Bench.Running;

namespace OrleansChat.Bench.Scenarios;

/// <summary>
/// Scenario 4, two nodes and Redis: the room's members (measured) are on node A, the senders on node B, so every
/// message crosses between the nodes through Redis or the cluster before it fans out. Ours: two silos of one Orleans
/// cluster, every message committed to the room's Redis log; the peer: two hubs on SignalR's Redis backplane. Both
/// servers use the same redis-server and take turns at each rate. With <c>split</c> (scenario 4b, ours only) the same
/// load runs on the split tier: two headless silos hold the grains and the two nodes are client WebFronts; the report
/// adds every process's CPU per delivery.
/// </summary>
public sealed class ClusterScenario(bool split = false) : IScenario
{
    private const int Senders = 10;

    public string Key => split ? "split" : "cluster";

    public string Title => split ? "4b. Two nodes, split tier" : "4. Two nodes + Redis";

    public async Task<ScenarioResult> RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        // The peer has no split tier.
        var kinds = split ? [.. context.Kinds.Where(k => k == ServerKind.Ours)] : context.Kinds;
        if (kinds.Count == 0)
        {
            return new ScenarioResult(Key, Title, "Skipped: our server is not among --servers.", [], [], [], [], TimeSpan.Zero);
        }
        var members = context.Profile.ClusterMembers;
        var label = $"{members} members on node A, {Senders} senders on node B";
        context.Progress.Line(split ? $"{Title}: starting redis-server, two headless silos and two client WebFronts" : $"{Title}: starting redis-server and two nodes of each server");
        var (redis, port) = await context.Launcher.StartRedisAsync(cancellationToken);
        await using var redisProcess = redis;
        var nodes = new List<TwoNodes>();
        var loads = new List<RoomLoad>();
        var targets = new List<SweepTarget>();
        IReadOnlyList<SeriesResult> series;
        try
        {
            foreach (var kind in kinds)
            {
                var pair = await TwoNodes.StartAsync(context, kind, port, split, cancellationToken);
                nodes.Add(pair);
                var load = await RoomLoad.StartAsync(context, kind,
                    m => m < Senders ? new MemberPlan(pair.B.Uri, Records: false) : new MemberPlan(pair.A.Uri),
                    Key, 1, members + Senders, Senders, 0, cancellationToken);
                loads.Add(load);
                targets.Add(new SweepTarget(kind, load.Senders, pair.WithRedis(redis)));
            }
            series = await RateSweep.RunAsync(context, split ? "2 nodes, split" : "2 nodes", targets, cancellationToken);
        }
        finally
        {
            // Servers first, so they do not broadcast every leave; then the clients.
            foreach (var pair in nodes)
            {
                await pair.DisposeAsync();
            }
            foreach (var load in loads)
            {
                await load.DisposeAsync();
            }
        }
        var ours = series.FirstOrDefault(s => s.Kind == ServerKind.Ours);
        var peer = series.FirstOrDefault(s => s.Kind == ServerKind.SignalR);
        if (split)
        {
            return new ScenarioResult(Key, Title,
                $"Scenario 4's load (one redis-server, {label}, the same rates) on our split tier: {nodes[0].Description}. Only the members on node A are measured: " +
                "every measured delivery went sender -> WebFront B -> gateway -> room grain on a silo (commit to the room's Redis log) -> Orleans stream -> WebFront A's room feed -> member. " +
                "Server CPU and RSS are all five processes; the second table splits the CPU per delivery by process. Ours only: the SignalR peer has no split tier.",
                [SweepTable.Of(label, series), ProcessCpuTable.Of("CPU per delivery by process, µs (cores)", series)],
                [
                    new HeadlineEntry("Two nodes, split tier: deliveries/s held", ours?.HeldRate, null, "deliveries/s", HigherIsBetter: true, "no split tier"),
                    .. ours?.HeldStep is { } held
                        ? [new HeadlineEntry($"Two nodes, split tier: server CPU per delivery at {Format.Rate(held.TargetDeliveryRate)}/s (5 processes)", held.ServerCpuMicrosPerDelivery, null, "µs", HigherIsBetter: false, "no split tier")]
                        : Array.Empty<HeadlineEntry>(),
                ],
                series, [], Stopwatch.GetElapsedTime(started));
        }
        return new ScenarioResult(Key, Title,
            $"One redis-server; {string.Join("; ", nodes.Select(n => RunContext.NameOf(n.A.Kind) + ": " + n.Description))}. {label}; only the members on node A are measured, " +
            "so every measured delivery crossed nodes: ours went sender -> silo B -> room grain (commit to the room's Redis log) -> Orleans stream -> silo A -> member; " +
            "the peer's went sender -> hub B -> Redis pub/sub -> hub A -> member (each hub keeps its own room seq and members; nothing is persisted). " +
            "Server CPU and RSS are both nodes plus redis-server. Both servers are up at once and take turns at each rate.",
            [SweepTable.Of(label, series)],
            [
                new HeadlineEntry("Two nodes + Redis: deliveries/s held", ours?.HeldRate, peer?.HeldRate, "deliveries/s", HigherIsBetter: true),
                .. FanOutScenario.CostAtCommonRate(series) is { } cost ? [cost with { Metric = "Two nodes + Redis: " + cost.Metric }] : Array.Empty<HeadlineEntry>(),
            ],
            series, [], Stopwatch.GetElapsedTime(started));
    }
}
