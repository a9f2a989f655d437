using OrleansChat.Bench.Clients;
using OrleansChat.Bench.Report;
using OrleansChat.Bench.Running;

namespace OrleansChat.Bench.Scenarios;

/// <summary>
/// Scenario 1, room fan-out: one room of N members (10, 100, 1,000), up to ten of them sending on an open-loop
/// schedule; the delivery rate (messages x members) is swept up until p99 passes 50 ms or something is lost.
/// </summary>
public sealed class FanOutScenario : IScenario
{
    public string Key => "fanout";

    public string Title => "1. Room fan-out";

    /// <summary>
    /// Server CPU per delivery at the highest offered rate both servers held: the cost of a delivery at the same load,
    /// which a busy shared machine disturbs less than the maximum rate. Null when there is no such rate.
    /// </summary>
    public static HeadlineEntry? CostAtCommonRate(IReadOnlyList<SeriesResult> series)
    {
        var ours = series.FirstOrDefault(s => s.Kind == ServerKind.Ours);
        var peer = series.FirstOrDefault(s => s.Kind == ServerKind.SignalR);
        if (ours is null || peer is null)
        {
            return null;
        }
        var common = ours.Steps.Where(s => s.Held)
            .Select(s => (Ours: s, Peer: peer.Steps.FirstOrDefault(p => p.Held && Math.Abs(p.TargetDeliveryRate - s.TargetDeliveryRate) < 1)))
            .Where(pair => pair.Peer is not null)
            // Not MaxBy: on an empty sequence of tuples it throws rather than answering default.
            .OrderByDescending(pair => pair.Ours.TargetDeliveryRate)
            .FirstOrDefault();
        return common.Peer is null ? null
            : new HeadlineEntry($"server CPU per delivery at {Format.Rate(common.Ours.TargetDeliveryRate)}/s (both held)",
                common.Ours.ServerCpuMicrosPerDelivery, common.Peer.ServerCpuMicrosPerDelivery, "µs", HigherIsBetter: false);
    }

    public async Task<ScenarioResult> RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var series = new List<SeriesResult>();
        var tables = new List<ReportTable>();
        var headline = new List<HeadlineEntry>();
        foreach (var size in context.Profile.FanOutSizes)
        {
            var label = $"N={size:N0}";
            var senders = Math.Min(size, context.Profile.MaxSenders);
            IReadOnlyList<SeriesResult> bySize;
            await using (var loaded = await LoadedServers.StartAsync(context, $"{Title}, {label}", "fanout", 1, size, senders, cancellationToken))
            {
                bySize = await RateSweep.RunAsync(context, label, loaded.Targets, cancellationToken);
            }
            series.AddRange(bySize);
            tables.Add(SweepTable.Of($"One room of {label} members, {Math.Min(size, context.Profile.MaxSenders)} senders", bySize));
            headline.Add(new HeadlineEntry($"Fan-out {label}: deliveries/s held (p99 <= 50 ms, no loss)",
                bySize.FirstOrDefault(s => s.Kind == ServerKind.Ours)?.HeldRate,
                bySize.FirstOrDefault(s => s.Kind == ServerKind.SignalR)?.HeldRate, "deliveries/s", HigherIsBetter: true));
            if (CostAtCommonRate(bySize) is { } cost)
            {
                headline.Add(cost with { Metric = $"Fan-out {label}: {cost.Metric}" });
            }
        }
        return new ScenarioResult(Key, Title,
            "One room of N members; up to ten members send on a fixed open-loop schedule and every member (senders too) receives every message. " +
            "The delivery rate (messages/s x N) doubles each step until a step is not held, then one step between the last held and the first failed rate. " +
            "Both servers are up at once and take turns at each rate, so they meet the same moments of the shared machine.",
            tables, headline, series, [], Stopwatch.GetElapsedTime(started));
    }
}
