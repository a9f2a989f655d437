using OrleansChat.Bench.Clients;
using OrleansChat.Bench.Report;
using OrleansChat.Bench.Running;

namespace OrleansChat.Bench.Scenarios;

/// <summary>
/// Scenario 4, two nodes and Redis: the room's members (measured) are on node A, the senders on node B, so every
/// message crosses between the nodes through Redis or the cluster before it fans out. Ours: two silos of one Orleans
/// cluster, every message committed to the room's Redis log; the peer: two hubs on SignalR's Redis backplane. Both
/// servers use the same redis-server and take turns at each rate.
/// </summary>
public sealed class ClusterScenario : IScenario
{
    private const int Senders = 10;

    public string Key => "cluster";

    public string Title => "4. Two nodes + Redis";

    public async Task<ScenarioResult> RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var members = context.Profile.ClusterMembers;
        var label = $"{members} members on node A, {Senders} senders on node B";
        context.Progress.Line($"{Title}: starting redis-server and two nodes of each server");
        var (redis, port) = await context.Launcher.StartRedisAsync(cancellationToken);
        await using var redisProcess = redis;
        var nodes = new List<TwoNodes>();
        var loads = new List<RoomLoad>();
        var targets = new List<SweepTarget>();
        IReadOnlyList<SeriesResult> series;
        try
        {
            foreach (var kind in context.Kinds)
            {
                var pair = await TwoNodes.StartAsync(context, kind, port, cancellationToken);
                nodes.Add(pair);
                var load = await RoomLoad.StartAsync(context, kind,
                    m => m < Senders ? new MemberPlan(pair.B.Uri, Records: false) : new MemberPlan(pair.A.Uri),
                    "cluster", 1, members + Senders, Senders, 0, cancellationToken);
                loads.Add(load);
                targets.Add(new SweepTarget(kind, load.Senders, pair.WithRedis(redis)));
            }
            series = await RateSweep.RunAsync(context, "2 nodes", targets, cancellationToken);
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
