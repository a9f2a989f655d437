using OrleansChat.Bench.Clients;
using OrleansChat.Bench.Report;
using OrleansChat.Bench.Running;

namespace OrleansChat.Bench.Scenarios;

/// <summary>
/// Scenario 8, many small rooms: 2,000 rooms of 5 members, each room getting 1 message/s from one of its members.
/// The load is light per room; what it shows is what every room costs: for ours a room grain, a stream and a room
/// feed per room, for the peer a group. Measured per server, one after the other: latency, server CPU per delivery,
/// and server memory per room (its five connections included).
/// </summary>
public sealed class ManyRoomsScenario : IScenario
{
    private const int Members = 5;

    public string Key => "rooms";

    public string Title => "8. Many small rooms";

    public async Task<ScenarioResult> RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var profile = context.Profile;
        var rooms = profile.ManyRooms;
        var label = $"{rooms:N0} rooms x {Members}, {profile.ManyRoomsMessageRate:0.#} message/s per room";
        var rows = new List<IReadOnlyList<string>>();
        var p99 = new Dictionary<ServerKind, double>();
        var cost = new Dictionary<ServerKind, double>();
        var memory = new Dictionary<ServerKind, double>();
        foreach (var kind in context.Kinds)
        {
            var name = RunContext.NameOf(kind);
            context.Progress.Line($"{Title}, {name}: {label}");
            await using var server = await context.Launcher.StartAsync(kind, cancellationToken);
            var empty = server.Sample();
            StepResult step;
            double loadedMb;
            await using (var load = await RoomLoad.StartAsync(context, kind, _ => new MemberPlan(server.Uri), "rooms", rooms, Members, 1, 0, cancellationToken))
            {
                loadedMb = server.Sample().RssBytes / 1048576.0;
                step = await RateSweep.RunStepAsync(context, $"rooms {name}", load.Senders, new ProcessGroup([server.Process]),
                    profile.ManyRoomsMessageRate * rooms * Members, profile.WarmUp, profile.ManyRoomsMeasure, cancellationToken);
                context.Progress.Line($"  rooms {name,-7} {RateSweep.Describe(step)}");
                // The server first, so it does not broadcast every leave; the clients close with the load.
                await server.DisposeAsync();
            }
            var perRoomKb = ((step.ServerRssMb * 1048576.0) - empty.RssBytes) / 1024.0 / rooms;
            p99[kind] = step.Latency.P99;
            cost[kind] = step.ServerCpuMicrosPerDelivery;
            memory[kind] = perRoomKb;
            rows.Add([
                name, Format.Rate(step.TargetSendRate), Format.Rate(step.DeliveriesPerSecond), Format.Ms(step.Latency.P50), Format.Ms(step.Latency.P99), Format.Ms(step.Latency.Max),
                Format.Count(step.Lost), Format.Count(step.Errors), Format.Fixed(step.ServerCpuCores, 2), Format.Fixed(step.ServerCpuMicrosPerDelivery, 1),
                Format.Fixed(empty.RssBytes / 1048576.0, 0), Format.Fixed(loadedMb, 0), Format.Fixed(step.ServerRssMb, 0), Format.Fixed(perRoomKb, 1),
                Format.Fixed(step.GeneratorCpuCores, 2), Format.Fixed(step.OtherCpuCores, 2),
                !step.Valid ? "invalid: " + step.InvalidReason : step.Held ? "**held**" : "not held",
            ]);
        }
        return new ScenarioResult(Key, Title,
            $"{rooms:N0} rooms of {Members} members ({rooms * Members:N0} connections) on one server; one member of each room sends {profile.ManyRoomsMessageRate:0.#} message/s, " +
            $"spread evenly in time, for {profile.ManyRoomsMeasure.TotalSeconds:0} s after the warm-up. Each server runs alone (one after the other). " +
            "**KB/room** = (server RSS at the end of the window - RSS of the server just started) / rooms: a room's grain, stream and feed (ours) or group (peer), " +
            "its five connections included (an idle connection alone: scenario 3).",
            [new ReportTable(label,
                ["server", "messages/s", "deliveries/s", "p50 ms", "p99 ms", "max ms", "lost", "err", "srv cores", "srv µs/delivery", "RSS started MB", "RSS joined MB", "RSS end MB", "KB/room", "gen cores", "other cores", "verdict"],
                rows)],
            [
                new HeadlineEntry($"Many rooms {rooms:N0} x {Members}, {profile.ManyRoomsMessageRate:0.#} msg/s each: p99", Get(p99, ServerKind.Ours), Get(p99, ServerKind.SignalR), "ms", HigherIsBetter: false),
                new HeadlineEntry("Many rooms: server CPU per delivery", Get(cost, ServerKind.Ours), Get(cost, ServerKind.SignalR), "µs", HigherIsBetter: false),
                new HeadlineEntry("Many rooms: server memory per room (5 connections included)", Get(memory, ServerKind.Ours), Get(memory, ServerKind.SignalR), "KB", HigherIsBetter: false),
            ],
            [], [], Stopwatch.GetElapsedTime(started));
    }

    private static double? Get(Dictionary<ServerKind, double> values, ServerKind kind) => values.TryGetValue(kind, out var v) ? v : null;
}
