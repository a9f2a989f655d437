using System.Diagnostics;
using OrleansChat.Grains;
using OrleansChat.Runtime.Membership;
using OrleansChat.Runtime.Testing;
using OrleansChat.Tests.Support;
using Xunit.Abstractions;

namespace OrleansChat.Tests.Redis;

/// <summary>Chat silos in this process that meet only in a real Redis: ordering under load, and abrupt kills.</summary>
[Trait("Category", "Integration")]
[Collection(RedisCollection.Name)]
public sealed class RedisClusterTests(RedisFixture redis, ITestOutputHelper output)
{
    [Fact]
    public async Task ThreeSilos_ConcurrentSendsInOneRoom_EveryFeedHasTheSameConsecutiveEvents()
    {
        await using var cluster = await RedisChatCluster.StartAsync(redis.ConnectionString, 3);
        var clients = new List<(TestSilo Silo, ChatUser User, EventCollector Feed, long JoinedAt)>();
        foreach (var silo in cluster.Silos)
        {
            for (var i = 0; i < 2; i++)
            {
                var user = await silo.NewUserAsync();
                var feed = new EventCollector();
                var snapshot = await silo.JoinAsync("load", user, feed);
                clients.Add((silo, user, feed, snapshot.Seq));
            }
        }

        const int PerClient = 40;
        var acked = await Task.WhenAll(clients.SelectMany(c =>
            Enumerable.Range(0, PerClient).Select(i => c.Silo.Room("load").SendAsync(c.User, $"{c.User.Id[..8]}-{i}"))));
        var last = acked.Max();
        foreach (var client in clients)
        {
            await client.Feed.WaitForAsync(e => e.Seq == last, TimeSpan.FromSeconds(20));
        }

        Assert.Equal(clients.Count * PerClient, acked.Distinct().Count());
        Assert.Equal(clients.Count + clients.Count * PerClient, last);
        // Compared as the wire sees them (the committing silo holds the event with a finer clock than its JSON).
        var reference = clients[0].Feed.All.ToDictionary(e => e.Seq, Wire);
        foreach (var client in clients)
        {
            var seqs = client.Feed.All.Select(e => e.Seq).ToList();
            // From just after its own join to the last message: every seq, once, in order.
            Assert.Equal(Enumerable.Range((int)client.JoinedAt + 1, (int)(last - client.JoinedAt)).Select(i => (long)i), seqs);
            Assert.All(client.Feed.All.Where(e => reference.ContainsKey(e.Seq)), e => Assert.Equal(reference[e.Seq], Wire(e)));
        }
        // The senders' own order survives: each one's messages were acked, and appear, in the order sent.
        foreach (var client in clients)
        {
            var texts = clients[^1].Feed.All.Where(e => e.User.Id == client.User.Id && e.Type == RoomEventTypes.Message).Select(e => e.Text).ToList();
            Assert.Equal(PerClient, texts.Count);
        }
    }

    private static string Wire(RoomEvent roomEvent) =>
        System.Text.Json.JsonSerializer.Serialize(roomEvent, OrleansChat.Grains.Serialization.ChatJsonContext.Default.RoomEvent);

    [Fact]
    public async Task SiloKilled_DefaultMembershipTiming_LeftWithinDeadAfterPlusTwoHeartbeats()
    {
        await using var cluster = await RedisChatCluster.StartAsync(redis.ConnectionString, 2);
        var (survivor, doomed) = (cluster.Silos[0], cluster.Silos[1]);
        var watcher = await survivor.NewUserAsync();
        var feed = new EventCollector();
        await survivor.JoinAsync("defaults", watcher, feed);
        var onlyThere = await doomed.NewUserAsync();
        await doomed.JoinAsync("defaults", onlyThere, new EventCollector());
        await feed.WaitForAsync(e => e.Type == RoomEventTypes.Joined && e.User.Id == onlyThere.Id);

        var killed = Stopwatch.StartNew();
        cluster.KillSilo(doomed);
        var left = await feed.WaitForAsync(e => e.Type == RoomEventTypes.Left, TimeSpan.FromSeconds(30));
        var failover = killed.Elapsed;

        output.WriteLine($"kill -> left with the default membership timing (heartbeat 2 s, dead after 10 s): {failover.TotalMilliseconds:F0} ms");
        Assert.Equal(onlyThere.Id, left.User.Id);
        Assert.InRange(failover, MembershipOptions.DefaultDeadAfter - MembershipOptions.DefaultHeartbeatPeriod, MembershipOptions.DefaultDeadAfter + (MembershipOptions.DefaultHeartbeatPeriod * 2) + TimeSpan.FromSeconds(2));
    }
}
