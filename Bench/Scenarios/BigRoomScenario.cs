using OrleansChat.Bench.Clients;
using OrleansChat.Bench.Report;
using OrleansChat.Bench.Running;

namespace OrleansChat.Bench.Scenarios;

/// <summary>
/// Scenario 7, big room: one room of 10,000 members on two front ends (two silos of one cluster over Redis, as in the
/// two-node scenario, half the members on each), one sender at 10 messages/s. Measured: delivery latency, the time
/// each message took to reach the last member, and server CPU per delivery. Ours only: a 10,000-user room on the peer
/// would cost 50 million joined events to set up, and the peer has no second-tab identity to avoid them.
/// </summary>
public sealed class BigRoomScenario : IScenario
{
    /// <summary>
    /// Distinct users among the members: every other member is a further tab of one of them. A room of N users costs
    /// N^2/2 joined events (and member lists of N) to set up; the fan-out is per connection, so tabs cost the same to serve.
    /// </summary>
    private const int Users = 100;

    public string Key => "bigroom";

    public string Title => "7. Big room";

    /// <summary>A percentile of the time to the last member, or "none complete" when no message reached every member.</summary>
    private static string LastMember(LatencySummary last, double milliseconds) => last.Count == 0 ? "none complete" : Format.Ms(milliseconds);

    public async Task<ScenarioResult> RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (!context.Kinds.Contains(ServerKind.Ours))
        {
            return new ScenarioResult(Key, Title, "Skipped: our server is not among --servers.", [], [], [], [], TimeSpan.Zero);
        }
        var profile = context.Profile;
        var members = profile.BigRoomMembers;
        var half = members / 2;
        var label = $"{members:N0} members ({half:N0} on each of 2 silos), 1 sender at {profile.BigRoomMessageRate:0} messages/s";
        context.Progress.Line($"{Title}: starting redis-server, two silos and {members:N0} members");
        var (redis, port) = await context.Launcher.StartRedisAsync(cancellationToken);
        await using var redisProcess = redis;
        StepResult step;
        var nodes = await TwoNodes.StartAsync(context, ServerKind.Ours, port, split: false, cancellationToken);
        try
        {
            await using var load = await RoomLoad.StartAsync(context, ServerKind.Ours,
                m => new MemberPlan(m < half ? nodes.A.Uri : nodes.B.Uri, TabOf: m < Users ? null : m % Users), "big", 1, members, 1, 0, cancellationToken);
            step = await RateSweep.RunStepAsync(context, "big room", load.Senders, nodes.WithRedis(redis),
                profile.BigRoomMessageRate * members, profile.WarmUp, profile.BigRoomMeasure, timeToLastReceiver: true, cancellationToken);
            context.Progress.Line($"  big room {RateSweep.Describe(step)}  " +
                (step.LastMember!.Count == 0 ? "no message reached every member" : $"p99 to the last member {Format.Ms(step.LastMember.P99)} ms"));
            // Servers first, so they do not broadcast every leave; the clients close with the load.
            await nodes.DisposeAsync();
        }
        finally
        {
            await nodes.DisposeAsync();
        }
        var last = step.LastMember!;
        // A message that some member never got has no time to the last member: with none complete there is no percentile.
        double? lastP99 = last.Count > 0 ? last.P99 : null;
        var verdict = !step.Valid ? "invalid: " + step.InvalidReason : step.Held ? "**held**" : "not held";
        return new ScenarioResult(Key, Title,
            $"One room of {members:N0} member connections on two silos of one cluster over Redis ({half:N0} on each, as in scenario 4), made of {Users} users " +
            $"with {members / Users} tabs each (a room of {members:N0} distinct users would cost {(double)members * members / 2:N0} joined events to set up; a second tab commits nothing, " +
            $"and the fan-out is per connection). One member on silo A sends {profile.BigRoomMessageRate:0} messages/s for {profile.BigRoomMeasure.TotalSeconds:0} s " +
            "(after the warm-up); every member is measured. **To the last member** is, per message, the latency of its last delivery: how long the whole room took. " +
            "Server CPU and RSS are both silos plus redis-server. Ours only (see above).",
            [new ReportTable(label,
                ["messages/s", "deliveries/s", "p50 ms", "p99 ms", "max ms", "to last member p50 ms", "to last member p99 ms", "to last member max ms", "messages complete", "lost", "srv cores", "srv µs/delivery", "srv RSS MB", "gen cores", "other cores", "verdict"],
                [[
                    Format.Fixed(profile.BigRoomMessageRate, 0), Format.Rate(step.DeliveriesPerSecond), Format.Ms(step.Latency.P50), Format.Ms(step.Latency.P99), Format.Ms(step.Latency.Max),
                    LastMember(last, last.P50), LastMember(last, last.P99), LastMember(last, last.Max), $"{last.Count:N0} of {last.Count + step.IncompleteMessages:N0}", Format.Count(step.Lost),
                    Format.Fixed(step.ServerCpuCores, 2), Format.Fixed(step.ServerCpuMicrosPerDelivery, 1), Format.Fixed(step.ServerRssMb, 0),
                    Format.Fixed(step.GeneratorCpuCores, 2), Format.Fixed(step.OtherCpuCores, 2), verdict,
                ]])],
            [
                new HeadlineEntry($"Big room {members:N0} on 2 silos, {profile.BigRoomMessageRate:0} msg/s: p99 to the last member", lastP99, null, "ms", HigherIsBetter: false, "ours only"),
                new HeadlineEntry("Big room: server CPU per delivery", step.ServerCpuMicrosPerDelivery, null, "µs", HigherIsBetter: false, "ours only"),
            ],
            [], [], Stopwatch.GetElapsedTime(started));
    }
}
