using OrleansChat.Bench.Clients;
using OrleansChat.Bench.Measurement;
using OrleansChat.Bench.Report;
using OrleansChat.Bench.Running;

namespace OrleansChat.Bench.Scenarios;

/// <summary>
/// Scenario 5, resume: clients leave a room, 1,000 messages are committed while they are away, and they come back
/// with their token and <c>join</c>'s <c>after</c>. Measured: the time from opening the socket to the <c>room</c>
/// reply, alone and as a reconnect storm, and whether every missed event came back in order with no gap.
/// Ours only: the SignalR peer keeps no history to replay.
/// </summary>
public sealed class ResumeScenario : IScenario
{
    private const string Room = "resume";
    private const int Sequential = 5;

    public string Key => "resume";

    public string Title => "5. Resume";

    public async Task<ScenarioResult> RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (!context.Kinds.Contains(ServerKind.Ours))
        {
            return new ScenarioResult(Key, Title, "Skipped: our server is not among --servers.", [], [], [], [], TimeSpan.Zero);
        }
        var clients = context.Profile.ResumeClients;
        var missed = context.Profile.ResumeMissed;
        context.Progress.Line($"{Title}: {clients} clients, {missed:N0} missed messages");
        await using var server = await context.Launcher.StartAsync(ServerKind.Ours, cancellationToken);

        var (away, failed) = await ClientSet.ConnectAsync(context, ServerKind.Ours, server.Uri, clients, 32, ClientFactory.ReceiveBufferBytes, null, cancellationToken);
        if (failed > 0)
        {
            await ClientSet.CloseAsync(away);
            throw new InvalidOperationException($"{failed} connections failed.");
        }
        foreach (var client in away)
        {
            await client.JoinAsync(Room, null, cancellationToken);
        }
        var sender = await context.Clients.ConnectAsync(ServerKind.Ours, server.Uri, cancellationToken);
        var after = (await sender.JoinAsync(Room, null, cancellationToken)).Seq;
        var tokens = away.Cast<ChatClient>().Select(c => c.Token!).ToList();
        await ClientSet.CloseAsync(away);
        await ClientSet.WaitQuietAsync(TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(10), cancellationToken);

        // Commit the messages they miss, paced at about 2,000/s so the rate limit never refuses one.
        var chat = (ChatClient)sender;
        var ticks = Stopwatch.GetTimestamp();
        for (var i = 0; i < missed; i++)
        {
            await chat.SendBenchAsync(Room, 0, 0, i, ticks, 0, cancellationToken);
            if (i % 20 == 19)
            {
                await Task.Delay(10, cancellationToken);
            }
        }
        var deadline = Stopwatch.GetTimestamp() + (30 * Stopwatch.Frequency);
        while (chat.Acks < missed && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(20, cancellationToken);
        }
        if (chat.Acks < missed)
        {
            throw new InvalidOperationException($"Only {chat.Acks} of {missed} messages were acknowledged.");
        }
        await ClientSet.WaitQuietAsync(TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(10), cancellationToken);

        var alone = new List<Outcome>();
        for (var i = 0; i < Math.Min(Sequential, tokens.Count); i++)
        {
            alone.Add(await ResumeAsync(context, server.Uri, tokens[i], after, missed, Stopwatch.GetTimestamp(), cancellationToken));
        }
        context.Progress.Line($"  alone: {Describe(alone)}");
        foreach (var problem in alone.Select(o => o.Problem).OfType<string>().Distinct().Take(2))
        {
            context.Progress.Line($"  incomplete: {problem}");
        }
        var stormStart = Stopwatch.GetTimestamp();
        var storm = (await Task.WhenAll(tokens.Skip(Sequential).Select(t => ResumeAsync(context, server.Uri, t, after, missed, stormStart, cancellationToken)))).ToList();
        context.Progress.Line($"  storm of {storm.Count}: {Describe(storm)}");

        await server.DisposeAsync();
        await ClientSet.CloseAsync([sender, .. alone.Concat(storm).Select(o => o.Client).OfType<BenchClient>()]);

        var rows = new List<IReadOnlyList<string>> { Row("one at a time", alone), Row($"{storm.Count} at once", storm) };
        var all = alone.Concat(storm).ToList();
        return new ScenarioResult(Key, Title,
            $"{clients} clients join a room and disconnect; {missed:N0} messages are committed; each client reconnects with its token and " +
            $"`join` with `after` = the last seq it saw. First {Sequential} resume one at a time, then the other {storm.Count} at once. " +
            "Time = socket open to `room` reply (welcome and join included). Complete = `recovered` true, the reply's events run from after+1 to the reply's seq with no gap, and all missed messages are among them.",
            [new ReportTable("Resume with after", ["resumers", "count", "p50 ms", "p99 ms", "max ms", "complete", "reply KB (mean)"], rows)],
            [
                new HeadlineEntry($"Resume 1 client, {missed:N0} missed: p50 time to room reply", Percentile(alone, 50), null, "ms", HigherIsBetter: false, "peer keeps no history"),
                new HeadlineEntry($"Resume storm of {storm.Count}, {missed:N0} missed each: p99", Percentile(storm, 99), null, "ms", HigherIsBetter: false, "peer keeps no history"),
                new HeadlineEntry("Resume: complete replays", all.Count(o => o.Complete), null, $"of {all.Count}", HigherIsBetter: true, "peer keeps no history"),
            ],
            [], [.. all.Select(o => o.Problem).OfType<string>().Distinct().Take(3).Select(p => "Incomplete: " + p)], Stopwatch.GetElapsedTime(started));
    }

    private static async Task<Outcome> ResumeAsync(RunContext context, Uri server, string token, long after, int missed, long start, CancellationToken cancellationToken)
    {
        try
        {
            var client = await context.Clients.ConnectAsync(ServerKind.Ours, server, cancellationToken, token: token);
            var reply = await client.JoinAsync(Room, after, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            var contiguous = reply.EventSeqs.Count > 0 && reply.EventSeqs[0] == after + 1 && reply.EventSeqs[^1] == reply.Seq;
            for (var i = 1; contiguous && i < reply.EventSeqs.Count; i++)
            {
                contiguous = reply.EventSeqs[i] == reply.EventSeqs[i - 1] + 1;
            }
            var complete = reply.Recovered && contiguous && reply.MessageEvents >= missed;
            var problem = complete ? null
                : $"recovered {reply.Recovered}, {reply.EventSeqs.Count} events from seq {(reply.EventSeqs.Count > 0 ? reply.EventSeqs[0] : 0)} to {(reply.EventSeqs.Count > 0 ? reply.EventSeqs[^1] : 0)} (reply seq {reply.Seq}, after {after}), {reply.MessageEvents} messages";
            return new Outcome(client, elapsed, complete, reply.Bytes, problem);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return new Outcome(null, Stopwatch.GetElapsedTime(start).TotalMilliseconds, false, 0, e.Message);
        }
    }

    private static IReadOnlyList<string> Row(string label, List<Outcome> outcomes) =>
    [
        label, Format.Count(outcomes.Count), Format.Ms(Percentile(outcomes, 50)), Format.Ms(Percentile(outcomes, 99)),
        Format.Ms(outcomes.Count == 0 ? 0 : outcomes.Max(o => o.Milliseconds)),
        $"{outcomes.Count(o => o.Complete)}/{outcomes.Count}", Format.Fixed(outcomes.Count == 0 ? 0 : outcomes.Average(o => o.Bytes) / 1024.0, 0),
    ];

    private static string Describe(List<Outcome> outcomes) =>
        $"p50 {Format.Ms(Percentile(outcomes, 50))} ms, max {Format.Ms(outcomes.Count == 0 ? 0 : outcomes.Max(o => o.Milliseconds))} ms, complete {outcomes.Count(o => o.Complete)}/{outcomes.Count}";

    private static double Percentile(List<Outcome> outcomes, double percentile)
    {
        var histogram = new LatencyHistogram();
        foreach (var outcome in outcomes)
        {
            histogram.Record((long)(outcome.Milliseconds * 1000));
        }
        return histogram.ValueAtPercentile(percentile) / 1000.0;
    }

    private sealed record Outcome(BenchClient? Client, double Milliseconds, bool Complete, int Bytes, string? Problem);
}
