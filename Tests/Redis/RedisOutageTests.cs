using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansChat.Tests.Support;
using Xunit.Abstractions;

namespace OrleansChat.Tests.Redis;

/// <summary>
/// Redis crashes (SIGKILL; AOF with <c>appendfsync always</c>) under two WebFront processes and comes back on the
/// same port and data: a redis-server of this test's own.
/// </summary>
[Trait("Category", "Integration")]
[Collection(RedisCollection.Name)]
public sealed class RedisOutageTests(ITestOutputHelper output)
{
    /// <summary>The longest a command may take to answer <c>unavailable</c> while Redis is down.</summary>
    private static readonly TimeSpan UnavailableBound = TimeSpan.FromSeconds(5);

    /// <summary>Longer than failure detection takes to declare a silo dead, several times over.</summary>
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task RedisKilledThenRestarted_TwoWebFronts_UnavailableWithinBoundReadyz503ThenRecoversWithNothingAckedLostAndNobodyLeft()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var cluster = new ProcessCluster(redis.ConnectionString, "outage");
        var webFronts = await cluster.StartWebFrontsAsync(2);
        var room = TestRooms.New("outage");
        await using var alice = await webFronts[0].ConnectAsync();
        await using var bob = await webFronts[1].ConnectAsync();
        await alice.JoinAsync(room);
        await bob.JoinAsync(room);
        var acked = new Dictionary<long, string>();
        for (var i = 0; i < 3; i++)
        {
            acked.Add((await alice.SendMessageAsync(room, $"before {i}")).Seq(), $"before {i}");
        }
        await bob.WaitForEventAsync(room, acked.Keys.Max());

        redis.Kill();
        var down = Stopwatch.StartNew();
        // From both WebFronts at once: sends to a room that is active, and a join that needs a new room and a new subscription.
        var refused = Enumerable.Range(0, 3).Select(i => TimedAsync(alice, Send(room, $"down alice {i}")))
            .Append(TimedAsync(bob, Send(room, "down bob")))
            .Append(TimedAsync(bob, new JsonObject { ["type"] = "join", ["room"] = TestRooms.New("outage") }))
            .ToList();
        var answers = await Task.WhenAll(refused);
        await webFronts[0].WaitForReadinessAsync(HttpStatusCode.ServiceUnavailable, UnavailableBound);
        await webFronts[1].WaitForReadinessAsync(HttpStatusCode.ServiceUnavailable, UnavailableBound);

        Assert.All(answers, a => Assert.Equal(("error", "unavailable"), (a.Reply.Type(), a.Reply.GetProperty("code").GetString())));
        Assert.All(answers, a => Assert.InRange(a.Took, TimeSpan.Zero, UnavailableBound));
        // Down for longer than failure detection needs: nobody is declared dead, or reaped, for a silence they all shared.
        while (down.Elapsed < Outage)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await webFronts[0].ReadinessAsync());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await webFronts[1].ReadinessAsync());
            await Task.Delay(250);
        }
        Assert.False(alice.IsClosed);
        Assert.False(bob.IsClosed);

        var downFor = down.Elapsed;
        await redis.RestartAsync();
        var restarted = Stopwatch.StartNew();
        await Task.WhenAll(webFronts.Select(w => w.WaitForReadinessAsync(HttpStatusCode.OK, TimeSpan.FromSeconds(30))));
        var readyAfter = restarted.Elapsed;
        // By itself: the same sockets, the same room, no rejoin.
        var after = await alice.SendMessageAsync(room, "after");
        Assert.Equal("ack", after.Type());
        acked.Add(after.Seq(), "after");
        var delivered = await bob.WaitForEventAsync(room, after.Seq());
        var reply = await bob.SendMessageAsync(room, "bob after");
        acked.Add(reply.Seq(), "bob after");
        await alice.WaitForEventAsync(room, reply.Seq());
        var log = await RoomEvents.ReadLogAsync(webFronts[1], room);
        var silos = await ClusterApi.SilosAsync(webFronts[0]);
        output.WriteLine($"Redis killed: 'unavailable' after {string.Join(", ", answers.Select(a => $"{a.Took.TotalMilliseconds:F0} ms"))}; " +
            $"down {downFor.TotalSeconds:F1} s; restarted: both WebFronts ready after {readyAfter.TotalMilliseconds:F0} ms");

        Assert.Equal("after", delivered.Text());
        Assert.Equal(RoomEvents.Consecutive(1, log[^1].Seq()), log.Select(e => e.Seq()));
        Assert.All(acked, a => Assert.Equal(a.Value, log[(int)a.Key - 1].Text()));
        // Refused means not committed, then or later; and nobody left.
        Assert.Equal(2 + acked.Count, log.Count);
        Assert.DoesNotContain(log, e => e.Type() == "left");
        Assert.DoesNotContain(alice.Frames.Concat(bob.Frames), f => f.Type() == "left");
        Assert.Equal(webFronts.Select(w => w.SiloId).Order(), silos.Where(s => s.GetProperty("status").GetString() == "active").Select(s => s.GetProperty("id").GetString()).Order());
    }

    private static JsonObject Send(string room, string text) => new() { ["type"] = "send", ["room"] = room, ["text"] = text };

    private static async Task<(JsonElement Reply, TimeSpan Took)> TimedAsync(ProtocolClient client, JsonObject command)
    {
        var clock = Stopwatch.StartNew();
        var reply = await client.RequestAsync(command, TimeSpan.FromSeconds(30));
        return (reply, clock.Elapsed);
    }
}
