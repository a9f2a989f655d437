using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansChat.Tests.Support;
using Xunit.Abstractions;

namespace OrleansChat.Tests.Redis;

/// <summary>
/// Orleans clusters of WebFront and headless silo processes on a real redis-server: one room's order under
/// concurrent sends from every front end, and abrupt kills (SIGKILL) with the default membership timing.
/// </summary>
[Trait("Category", "Integration")]
[Collection(RedisCollection.Name)]
public sealed class RedisClusterTests(RedisFixture redis, ITestOutputHelper output)
{
    /// <summary>Kills of the kill-to-<c>left</c> test unless <see cref="Failover.KillsVariable"/> asks for more.</summary>
    private const int DefaultKills = 3;

    [Fact]
    public async Task ThreeFrontEndsAndAHeadlessSilo_ConcurrentSendsInOneRoom_EveryClientHasTheSameConsecutiveEvents()
    {
        const int PerClient = 40;
        await using var cluster = new ProcessCluster(redis.ConnectionString, "order", Failover.UnlimitedRate);
        var starting = cluster.StartSiloAsync();
        var webFronts = await cluster.StartWebFrontsAsync(3);
        await starting;
        var room = TestRooms.New("order");
        var clients = new List<(ProtocolClient Client, long JoinedAt)>();
        try
        {
            foreach (var webFront in webFronts)
            {
                for (var i = 0; i < 2; i++)
                {
                    var client = await webFront.ConnectAsync();
                    clients.Add((client, (await client.JoinAsync(room)).Seq()));
                }
            }

            var acks = await Task.WhenAll(clients.Select(c =>
                Task.WhenAll(Enumerable.Range(0, PerClient).Select(i => c.Client.SendMessageAsync(room, $"{c.Client.UserId[..8]}-{i}")))));
            var last = (long)clients.Count + (clients.Count * PerClient);
            foreach (var (client, _) in clients)
            {
                await client.WaitForEventAsync(room, last, TimeSpan.FromSeconds(30));
            }
            var log = await RoomEvents.ReadLogAsync(webFronts[2], room);
            var silos = (await ClusterApi.SilosAsync(webFronts[0])).Where(s => s.GetProperty("status").GetString() == "active").ToList();

            Assert.Equal(4, silos.Count);
            Assert.Equal(RoomEvents.Consecutive(1, last), log.Select(e => e.Seq()));
            for (var c = 0; c < clients.Count; c++)
            {
                var (client, joinedAt) = clients[c];
                Assert.All(acks[c], a => Assert.Equal("ack", a.Type()));
                Assert.Equal(Enumerable.Range(0, PerClient).Select(i => $"{client.UserId[..8]}-{i}"), acks[c].Select(a => log[(int)a.Seq() - 1].Text()));
                // Every client: from just after its own join to the last message, every event once, in order, the same bytes.
                var events = client.Events(room);
                Assert.Equal(RoomEvents.Consecutive(joinedAt + 1, last), events.Select(e => e.Seq()));
                Assert.Equal(clients[0].Client.Events(room).Where(e => e.Seq() > joinedAt).Select(e => e.GetRawText()), events.Select(e => e.GetRawText()));
            }
        }
        finally
        {
            foreach (var (client, _) in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task SiloKilled_DefaultMembershipTiming_OtherFrontEndsClientSeesLeftWithinTenSeconds()
    {
        var kills = Failover.Kills(DefaultKills);
        // scripts/cluster.sh's shape: three WebFronts, each a silo; one of them dies and a new one takes its place.
        await using var cluster = new ProcessCluster(redis.ConnectionString, "failover");
        var survivors = await cluster.StartWebFrontsAsync(2);
        var room = TestRooms.New("failover");
        await using var watcher = await survivors[0].ConnectAsync();
        await watcher.JoinAsync(room);
        var seen = new List<TimeSpan>();
        var committed = new List<TimeSpan>();

        for (var kill = 1; kill <= kills; kill++)
        {
            await using var doomed = await cluster.StartWebFrontAsync();
            await using var victim = await doomed.ConnectAsync();
            await victim.JoinAsync(room);
            await watcher.WaitForAsync(f => f.Type() == "joined" && f.UserId() == victim.UserId);

            var left = watcher.WaitForAsync(f => f.IsLeft(room, victim.UserId), TimeSpan.FromSeconds(30));
            var killedAt = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            await doomed.KillAsync();
            var leftEvent = await left;
            seen.Add(clock.Elapsed);
            committed.Add(DateTimeOffset.Parse(leftEvent.GetProperty("at").GetString()!, CultureInfo.InvariantCulture) - killedAt);
            output.WriteLine($"kill {kill}: left seen after {seen[^1].TotalMilliseconds:F0} ms (committed at +{committed[^1].TotalMilliseconds:F0} ms)");
            await ClusterApi.WaitForStatusAsync(survivors[1], doomed.SiloId, "dead");
        }

        var log = await RoomEvents.ReadLogAsync(survivors[1], room);
        output.WriteLine($"kill -> left over {kills} SIGKILLs (default membership): seen by a client of another WebFront {Failover.Summary(seen)}; committed {Failover.Summary(committed)}");

        Assert.All(seen, s => Assert.InRange(s, TimeSpan.Zero, Failover.LeftPromise));
        Assert.Equal(kills, log.Count(e => e.Type() == "left"));
        Assert.DoesNotContain(log, e => e.Type() == "left" && e.UserId() == watcher.UserId);
    }

    [Fact]
    public async Task HeadlessSiloKilled_RoomsInUse_EveryRoomTakesSendsAgainWithinTenSecondsAndNobodyLeaves()
    {
        const int Rooms = 8;
        // Retries of eight rooms at once from one connection: the rate limit is not what this test is about.
        await using var cluster = new ProcessCluster(redis.ConnectionString, "headless", Failover.UnlimitedRate);
        var starting = cluster.StartSiloAsync();
        var webFronts = await cluster.StartWebFrontsAsync(2);
        var silo = await starting;
        var rooms = Enumerable.Range(0, Rooms).Select(_ => TestRooms.New("headless")).ToList();
        await using var alice = await webFronts[0].ConnectAsync();
        await using var bob = await webFronts[1].ConnectAsync();
        foreach (var room in rooms)
        {
            await alice.JoinAsync(room);
            await bob.JoinAsync(room);
            await alice.SendMessageAsync(room, "before");
        }

        var clock = Stopwatch.StartNew();
        await silo.KillAsync();
        // Rooms that lived on the dead silo come back on a survivor, from Redis, once it is declared dead.
        var recovered = await Task.WhenAll(rooms.Select(room => SendUntilAckedAsync(alice, room, "after", clock, Failover.LeftPromise)));
        foreach (var (room, ack) in rooms.Zip(recovered))
        {
            await bob.WaitForEventAsync(room, ack.Ack.Seq());
        }
        output.WriteLine($"headless silo killed: every room acked a send again after {recovered.Max(r => r.After).TotalMilliseconds:F0} ms " +
            $"({recovered.Sum(r => r.Refused)} sends refused as unavailable before)");

        foreach (var room in rooms)
        {
            var log = await RoomEvents.ReadLogAsync(webFronts[1], room);
            // joined, joined, before, after: nobody left, nothing lost or doubled, and Bob saw all of it.
            Assert.Equal(["joined", "joined", "message", "message"], log.Select(e => e.Type()));
            Assert.Equal(RoomEvents.Consecutive(1, 4), log.Select(e => e.Seq()));
            Assert.Equal(log.Skip(2).Select(e => e.GetProperty("text").GetString()), bob.Events(room).Where(e => e.Type() == "message").Select(e => e.Text()));
        }
    }

    /// <summary>Sends until the room acks (a room on a dead silo answers <c>unavailable</c> until the silo is declared dead).</summary>
    private static async Task<(JsonElement Ack, TimeSpan After, int Refused)> SendUntilAckedAsync(ProtocolClient client, string room, string text, Stopwatch clock, TimeSpan within)
    {
        var refused = 0;
        while (true)
        {
            var reply = await client.RequestAsync(new JsonObject { ["type"] = "send", ["room"] = room, ["text"] = text }, within);
            if (reply.Type() == "ack")
            {
                return (reply, clock.Elapsed, refused);
            }
            Assert.Equal("unavailable", reply.GetProperty("code").GetString());
            Assert.True(clock.Elapsed < within, $"{room} still refuses sends {clock.Elapsed.TotalSeconds:F1} s after the kill");
            refused++;
            await Task.Delay(100);
        }
    }

}
