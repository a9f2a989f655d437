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
        var series = new List<SeriesResult>();
        foreach (var kind in context.Kinds)
        {
            context.Progress.Line($"{Title}, {label}, {RunContext.NameOf(kind)}: starting server and {rooms * Members:N0} members");
            await using var server = await context.Launcher.StartAsync(kind, cancellationToken);
            await using var load = await RoomLoad.StartAsync(context, kind, _ => new MemberPlan(server.Uri), "chat", rooms, Members, Members, 0, cancellationToken);
            series.Add(await RateSweep.RunAsync(context, "chat", kind, load.Senders, new ProcessGroup([server.Process]), cancellationToken));
            // Stop the server before closing the clients, so it does not broadcast their leaves.
            await server.DisposeAsync();
        }
        var connections = rooms * Members;
        var notes = series.Where(s => s.HeldStep is not null)
            .Select(s => $"{RunContext.NameOf(s.Kind)}: held {Format.Rate(s.HeldRate)} deliveries/s = {Format.Fixed(s.HeldStep!.TargetSendRate / connections, 2)} messages/s per member.")
            .ToList();
        return new ScenarioResult(Key, Title,
            $"{rooms} rooms of {Members} members ({connections:N0} connections); every member sends at the same low rate, spread evenly in time. " +
            "The per-member rate doubles each step; each message reaches the ten members of its room.",
            [SweepTable.Of(label, series)],
            [new HeadlineEntry($"Chat mix {label}: deliveries/s held", series.FirstOrDefault(s => s.Kind == ServerKind.Ours)?.HeldRate,
                series.FirstOrDefault(s => s.Kind == ServerKind.SignalR)?.HeldRate, "deliveries/s", HigherIsBetter: true),
             .. FanOutScenario.CostAtCommonRate(series) is { } cost ? [cost with { Metric = "Chat mix: " + cost.Metric }] : Array.Empty<HeadlineEntry>()],
            series, notes, Stopwatch.GetElapsedTime(started));
    }
}
