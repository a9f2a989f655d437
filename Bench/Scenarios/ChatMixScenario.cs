using OrleansChat.Bench.Clients;
using OrleansChat.Bench.Report;
using OrleansChat.Bench.Running;

namespace OrleansChat.Bench.Scenarios;

/// <summary>
/// Scenario 2, chat mix: many rooms of ten members, every member sending at the same low rate; the per-member rate is
/// swept up (the delivery rate is ten times the message rate).
/// </summary>
public sealed class ChatMixScenario : IScenario
{
    private const int Members = 10;

    public string Key => "chat";

    public string Title => "2. Chat mix";

    public async Task<ScenarioResult> RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var rooms = context.Profile.ChatRooms;
        var label = $"{rooms} rooms x {Members}";
        IReadOnlyList<SeriesResult> series;
        await using (var loaded = await LoadedServers.StartAsync(context, $"{Title}, {label}", "chat", rooms, Members, Members, cancellationToken))
        {
            series = await RateSweep.RunAsync(context, "chat", loaded.Targets, cancellationToken);
        }
        var connections = rooms * Members;
        var notes = series.Where(s => s.HeldStep is not null)
            .Select(s => $"{RunContext.NameOf(s.Kind)}: held {Format.Rate(s.HeldRate)} deliveries/s = {Format.Fixed(s.HeldStep!.TargetSendRate / connections, 2)} messages/s per member.")
            .ToList();
        return new ScenarioResult(Key, Title,
            $"{rooms} rooms of {Members} members ({connections:N0} connections); every member sends at the same low rate, spread evenly in time. " +
            "The per-member rate doubles each step; each message reaches the ten members of its room. Both servers are up at once and take turns at each rate.",
            [SweepTable.Of(label, series)],
            [new HeadlineEntry($"Chat mix {label}: deliveries/s held", series.FirstOrDefault(s => s.Kind == ServerKind.Ours)?.HeldRate,
                series.FirstOrDefault(s => s.Kind == ServerKind.SignalR)?.HeldRate, "deliveries/s", HigherIsBetter: true),
             .. FanOutScenario.CostAtCommonRate(series) is { } cost ? [cost with { Metric = "Chat mix: " + cost.Metric }] : Array.Empty<HeadlineEntry>()],
            series, notes, Stopwatch.GetElapsedTime(started));
    }
}
