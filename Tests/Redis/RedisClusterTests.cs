using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
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
    private static readonly Dictionary<string, string?> FastMembership = new()
    {
        ["Membership:HeartbeatPeriod"] = "00:00:00.200",
        ["Membership:DeadAfter"] = "00:00:01",
    };

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
    public async Task SiloKilled_FiveTimes_AckedMessagesKeptLeftForUsersOnlyThereAndResumeRecoversTheGap()
    {
        await using var cluster = await RedisChatCluster.StartAsync(redis.ConnectionString, 2, FastMembership);
        var (survivor, other) = (cluster.Silos[0], cluster.Silos[1]);
        var watcher = await survivor.NewUserAsync();
        var watcherFeed = new EventCollector();
        await survivor.JoinAsync("crash", watcher, watcherFeed);
        var onBoth = await survivor.NewUserAsync();
        await other.JoinAsync("crash", onBoth, new EventCollector());
        var acked = new List<long>();
        var failovers = new List<TimeSpan>();

        for (var round = 1; round <= 5; round++)
        {
            var doomed = await cluster.StartSiloAsync();
            var onlyThere = await doomed.NewUserAsync();
            var doomedFeed = new EventCollector();
            var joined = await doomed.JoinAsync("crash", onlyThere, doomedFeed);
            await doomed.JoinAsync("crash", onBoth, new EventCollector());
            for (var i = 0; i < 5; i++)
            {
                acked.Add(await doomed.Room("crash").SendAsync(onlyThere, $"round {round} before {i}"));
            }
            var lastSeen = (await doomedFeed.WaitForAsync(e => e.Seq == acked[^1])).Seq;
            // Sends in flight while the silo dies: the ones acked must be in the log, the rest may or may not be.
            var inFlight = Enumerable.Range(0, 20).Select(i => doomed.Room("crash").SendAsync(onlyThere, $"round {round} dying {i}")).ToList();
            var killed = Stopwatch.StartNew();
            cluster.KillSilo(doomed);
            foreach (var send in inFlight)
            {
                try
                {
                    acked.Add(await send);
                }
                catch (Exception exception) when (exception is not Xunit.Sdk.XunitException)
                {
                }
            }
            var left = await watcherFeed.WaitForAsync(e => e.Type == RoomEventTypes.Left, TimeSpan.FromSeconds(10));
            failovers.Add(killed.Elapsed);
            Assert.Equal(onlyThere.Id, left.User.Id);

            // The dead silo's client comes back on the survivor with the last seq it saw.
            var resumedFeed = new EventCollector();
            var resumed = await survivor.JoinAsync("crash", onlyThere, resumedFeed, after: lastSeen);
            Assert.True(resumed.Recovered);
            Assert.Equal(Enumerable.Range((int)lastSeen + 1, (int)(resumed.Seq - lastSeen)).Select(i => (long)i), resumed.Events.Select(e => e.Seq));
            Assert.Equal(Wire(left), Wire(resumed.Events.Single(e => e.Type == RoomEventTypes.Left && e.User.Id == onlyThere.Id)));
            Assert.True(joined.Seq < lastSeen);
            var silos = await survivor.Services.GetRequiredService<IMembershipTable>().ReadAllAsync();
            Assert.Equal(SiloStatus.Dead, silos.Single(s => s.SiloId == doomed.SiloId).Status);
        }

        var log = await survivor.Room("crash").GetHistoryAsync(long.MaxValue, 200);
        var logged = log.Select(e => e.Seq).ToHashSet();
        Assert.All(acked, seq => Assert.Contains(seq, logged));
        Assert.Equal(Enumerable.Range(1, (int)log[^1].Seq).Select(i => (long)i), log.Select(e => e.Seq));
        // Nobody but the users present only on a dead silo ever left.
        Assert.Equal(5, log.Count(e => e.Type == RoomEventTypes.Left && e.User.Id != watcher.Id && e.User.Id != onBoth.Id));
        Assert.DoesNotContain(log, e => e.Type == RoomEventTypes.Left && (e.User.Id == watcher.Id || e.User.Id == onBoth.Id));
        output.WriteLine($"kill -> left (heartbeat 200 ms, dead after 1 s): {string.Join(", ", failovers.Select(f => $"{f.TotalMilliseconds:F0} ms"))}");
    }

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
