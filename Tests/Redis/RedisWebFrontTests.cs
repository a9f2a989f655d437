using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansChat.Tests.Support;
using Xunit.Abstractions;

namespace OrleansChat.Tests.Redis;

/// <summary>
/// WebFront processes (each a co-hosted silo) in one Orleans cluster on a real redis-server, with clients over real
/// sockets: the same events everywhere, abrupt kills under traffic with the default membership timing, and a
/// graceful stop.
/// </summary>
[Trait("Category", "Integration")]
[Collection(RedisCollection.Name)]
public sealed class RedisWebFrontTests(RedisFixture redis, ITestOutputHelper output)
{
    [Fact]
    public async Task ThreeWebFronts_ClientsSpreadOverThem_SameEventsInTheSameOrderEverywhere()
    {
        const int PerClient = 15;
        await using var cluster = new ProcessCluster(redis.ConnectionString, "spread");
        var webFronts = await cluster.StartWebFrontsAsync(3);
        var room = TestRooms.New("spread");
        var clients = new List<ProtocolClient>();
        try
        {
            var joinedAt = new List<long>();
            for (var i = 0; i < 6; i++)
            {
                var client = await webFronts[i % 3].ConnectAsync();
                clients.Add(client);
                joinedAt.Add((await client.JoinAsync(room)).Seq());
            }

            // Every client sends all its messages at once (within the rate limit's burst).
            var acks = await Task.WhenAll(clients.Select(c =>
                Task.WhenAll(Enumerable.Range(0, PerClient).Select(i => c.SendMessageAsync(room, $"{c.UserName} {i}")))));
            var last = (long)clients.Count + (clients.Count * PerClient);
            foreach (var client in clients)
            {
                await client.WaitForEventAsync(room, last, TimeSpan.FromSeconds(20));
            }
            var log = await RoomEvents.ReadLogAsync(webFronts[0], room);
            var reference = clients[0].Events(room).ToDictionary(e => e.Seq(), e => e.GetRawText());

            Assert.Equal(webFronts.Select(w => w.SiloId).Order(), clients.Select(c => c.Welcome.GetProperty("silo").GetString()).Distinct().Order());
            Assert.Equal(RoomEvents.Consecutive(1, last), log.Select(e => e.Seq()));
            for (var c = 0; c < clients.Count; c++)
            {
                // Each message is where its ack said, with the sender and text it was sent with.
                for (var i = 0; i < PerClient; i++)
                {
                    Assert.Equal("ack", acks[c][i].Type());
                    var message = log[(int)acks[c][i].Seq() - 1];
                    Assert.Equal(("message", clients[c].UserId, $"{clients[c].UserName} {i}"), (message.Type(), message.UserId(), message.Text()));
                }
                // From just after its own join to the last message: every event, once, in order, as the log has it.
                var events = clients[c].Events(room);
                Assert.Equal(RoomEvents.Consecutive(joinedAt[c] + 1, last), events.Select(e => e.Seq()));
                Assert.All(events, e => Assert.Equal(Describe(log[(int)e.Seq() - 1]), Describe(e)));
                // Where two clients saw the same event, they got the same bytes.
                Assert.All(events.Where(e => reference.ContainsKey(e.Seq())), e => Assert.Equal(reference[e.Seq()], e.GetRawText()));
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task WebFrontKilled_FiveTimesUnderTraffic_AckedKeptLeftOnlyForUsersThereAndResumeRecoversTheMissedEvents()
    {
        const int Kills = 5;
        await using var cluster = new ProcessCluster(redis.ConnectionString, "kills");
        var survivors = await cluster.StartWebFrontsAsync(2);
        var room = TestRooms.New("kills");
        await using var watcher = await survivors[0].ConnectAsync();
        var watcherJoinedAt = (await watcher.JoinAsync(room)).Seq();
        await using var talker = await survivors[1].ConnectAsync();
        var talkerJoinedAt = (await talker.JoinAsync(room)).Seq();
        using var stopTalking = new CancellationTokenSource();
        var talking = TalkAsync(talker, room, stopTalking.Token);
        var acked = new Dictionary<long, string>();
        var victims = new List<string>();
        var failovers = new List<TimeSpan>();

        for (var round = 1; round <= Kills; round++)
        {
            await using var doomed = await cluster.StartWebFrontAsync();
            var victim = await doomed.ConnectAsync();
            // The watcher's user has a tab on the doomed WebFront too: it stays a member when that one dies.
            var watcherTab = await doomed.ConnectAsync(watcher.Token);
            await watcherTab.JoinAsync(room);
            var victimJoinedAt = (await victim.JoinAsync(room)).Seq();
            victims.Add(victim.UserId);
            for (var i = 0; i < 5; i++)
            {
                var text = $"round {round} message {i}";
                acked.Add((await victim.SendMessageAsync(room, text)).Seq(), text);
            }
            await victim.WaitForEventAsync(room, acked.Keys.Max());
            // Sends in flight while it dies: those acked must be kept; the others may or may not be.
            for (var i = 0; i < 10; i++)
            {
                await victim.SendAsync(new JsonObject { ["type"] = "send", ["room"] = room, ["text"] = $"round {round} dying {i}", ["ref"] = $"dying-{i}" }.ToJsonString());
            }

            var left = watcher.WaitForAsync(f => f.IsLeft(room, victim.UserId), Failover.LeftPromise);
            var clock = Stopwatch.StartNew();
            await doomed.KillAsync();
            var leftEvent = await left;
            failovers.Add(clock.Elapsed);
            await victim.WaitForCloseAsync();
            foreach (var ack in victim.Frames.Where(f => f.Type() == "ack" && f.GetProperty("ref").GetString()!.StartsWith("dying-", StringComparison.Ordinal)))
            {
                acked.Add(ack.Seq(), $"round {round} dying {ack.GetProperty("ref").GetString()!["dying-".Length..]}");
            }
            var seen = victim.Events(room);
            var lastSeen = seen[^1].Seq();
            Assert.Equal(RoomEvents.Consecutive(victimJoinedAt + 1, lastSeen), seen.Select(e => e.Seq()));
            await victim.DisposeAsync();
            await watcherTab.DisposeAsync();

            // The dead WebFront's client comes back through a survivor, as the same user, from the last seq it saw.
            await using var resumed = await survivors[round % 2].ConnectAsync(victim.Token);
            var reply = await resumed.JoinAsync(room, after: lastSeen);
            var missed = reply.GetProperty("events").EnumerateArray().ToList();
            var log = await RoomEvents.ReadLogAsync(survivors[0], room);

            Assert.Equal(victim.UserId, resumed.UserId);
            Assert.True(reply.GetProperty("recovered").GetBoolean());
            Assert.Equal(RoomEvents.Consecutive(lastSeen + 1, reply.Seq()), missed.Select(e => e.Seq()));
            Assert.Equal(missed.Select(e => Describe(log[(int)e.Seq() - 1])), missed.Select(Describe));
            Assert.Contains(Describe(leftEvent), missed.Select(Describe));
            await resumed.LeaveAsync(room);
        }

        await stopTalking.CancelAsync();
        var (talked, refused) = await talking;
        var final = await RoomEvents.ReadLogAsync(survivors[0], room);
        var end = final[^1].Seq();
        await watcher.WaitForEventAsync(room, end);
        await talker.WaitForEventAsync(room, end);
        output.WriteLine($"kill -> left seen by a client of a surviving WebFront (default membership): {string.Join(", ", failovers.Select(f => $"{f.TotalMilliseconds:F0} ms"))}");
        output.WriteLine($"talker: {talked.Count} sends acked, {refused} refused as unavailable; room log: {end} events");

        Assert.Equal(RoomEvents.Consecutive(1, end), final.Select(e => e.Seq()));
        foreach (var (seq, text) in acked.Concat(talked))
        {
            Assert.Equal(text, final[(int)seq - 1].Text());
        }
        Assert.True(talked.Count > Kills, $"the talker got only {talked.Count} sends through");
        // Each victim left twice: once with its dead WebFront, once leaving after its resume. Nobody else ever left.
        Assert.Equal(victims.SelectMany(v => new[] { v, v }).Order(), final.Where(e => e.Type() == "left").Select(e => e.UserId()).Order());
        // The survivors' clients saw every event once, in order, also while WebFronts died.
        Assert.Equal(final.Where(e => e.Seq() > watcherJoinedAt).Select(Describe), watcher.Events(room).Select(Describe));
        Assert.Equal(final.Where(e => e.Seq() > talkerJoinedAt).Select(Describe), talker.Events(room).Select(Describe));
    }

    [Fact]
    public async Task WebFrontStopped_Sigterm_ItsClientsClosedWith1001AndTheirLeftCommittedAtOnce()
    {
        await using var cluster = new ProcessCluster(redis.ConnectionString, "sigterm");
        var webFronts = await cluster.StartWebFrontsAsync(2);
        var (survivor, stopping) = (webFronts[0], webFronts[1]);
        var room = TestRooms.New("sigterm");
        await using var watcher = await survivor.ConnectAsync();
        await watcher.JoinAsync(room);
        await using var leaver = await stopping.ConnectAsync();
        await leaver.JoinAsync(room);
        await watcher.WaitForAsync(f => f.Type() == "joined" && f.UserId() == leaver.UserId);

        var left = watcher.WaitForAsync(f => f.IsLeft(room, leaver.UserId), TimeSpan.FromSeconds(30));
        var clock = Stopwatch.StartNew();
        var exitCode = await stopping.StopAsync(TimeSpan.FromSeconds(30));
        var stoppedAfter = clock.Elapsed;
        await left;
        var leftAfter = clock.Elapsed;
        var closed = await leaver.WaitForCloseAsync();
        // Once the survivor knows the stopped silo is gone, nothing more happens to the room: one left, committed by the leaver's own WebFront.
        await ClusterApi.WaitForStatusAsync(survivor, stopping.SiloId, "dead");
        var after = await watcher.SendMessageAsync(room, "still here");
        await watcher.WaitForEventAsync(room, after.Seq());
        var log = await RoomEvents.ReadLogAsync(survivor, room);
        output.WriteLine($"SIGTERM -> left seen by the other WebFront's client: {leftAfter.TotalMilliseconds:F0} ms; process exited after {stoppedAfter.TotalMilliseconds:F0} ms");

        Assert.Equal(0, exitCode);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, closed);
        // Much sooner than failure detection would: the stopping WebFront committed the leave itself.
        Assert.InRange(leftAfter, TimeSpan.Zero, TimeSpan.FromSeconds(3));
        Assert.Single(log, e => e.Type() == "left");
        Assert.Equal("message", log[^1].Type());
    }

    /// <summary>A user who keeps talking (5 sends a second) until cancelled: what was acked, and how many were refused as <c>unavailable</c>.</summary>
    private static async Task<(Dictionary<long, string> Acked, int Refused)> TalkAsync(ProtocolClient talker, string room, CancellationToken cancellationToken)
    {
        var acked = new Dictionary<long, string>();
        var refused = 0;
        for (var i = 0; !cancellationToken.IsCancellationRequested; i++)
        {
            var text = $"talk {i}";
            // A send to a room whose activation died with its silo waits until the silo is declared dead.
            var reply = await talker.RequestAsync(new JsonObject { ["type"] = "send", ["room"] = room, ["text"] = text }, TimeSpan.FromSeconds(20));
            if (reply.Type() == "ack")
            {
                Assert.True(acked.Count == 0 || reply.Seq() > acked.Keys.Max(), "acks of one sender's sends go up");
                acked.Add(reply.Seq(), text);
            }
            else
            {
                Assert.Equal("unavailable", reply.GetProperty("code").GetString());
                refused++;
            }
            await Task.Delay(200, CancellationToken.None);
        }
        return (acked, refused);
    }

    /// <summary>What a user sees of an event, whichever way it came (live, in a join reply, or through the HTTP API).</summary>
    private static string Describe(JsonElement e) =>
        $"{e.Seq()} {e.Type()} {e.UserId()} {e.GetProperty("user").GetProperty("name").GetString()} {(e.TryGetProperty("text", out var t) ? t.GetString() : "")} {e.GetProperty("at").GetString()}";
}
