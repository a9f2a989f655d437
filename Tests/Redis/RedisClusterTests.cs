using System.Text.Json;
using OrleansChat.Grains;
using OrleansChat.Protocol;
using OrleansChat.Tests.Support;

namespace OrleansChat.Tests.Redis;

/// <summary>
/// Three chat silos in this process on the Redis providers (grain state, pub-sub and the room logs in a real Redis):
/// every front end sees one room's events in the same order. Failure timing with real kills is for the
/// multi-process tests.
/// </summary>
[Trait("Category", "Integration")]
[Collection(RedisCollection.Name)]
public sealed class RedisClusterTests(RedisFixture redis)
{
    [Fact]
    public async Task Send_ConcurrentFromThreeSilos_EveryFeedHasTheSameConsecutiveEvents()
    {
        const int PerUser = 40;
        await using var cluster = await RedisChatCluster.StartAsync(redis.ConnectionString, 3);
        var room = TestRooms.New("load");
        var users = new List<(TestFrontEnd FrontEnd, ChatUser User, TestRoomFeed Feed, long JoinedAt)>();
        foreach (var frontEnd in cluster.FrontEnds)
        {
            for (var i = 0; i < 2; i++)
            {
                var user = await frontEnd.NewUserAsync();
                var feed = await frontEnd.SubscribeAsync(room);
                var snapshot = await frontEnd.JoinAsync(room, user);
                users.Add((frontEnd, user, feed, snapshot.Seq));
            }
        }

        try
        {
            var acked = await Task.WhenAll(users.SelectMany(u =>
                Enumerable.Range(0, PerUser).Select(i => u.FrontEnd.SendAsync(room, u.User, $"{u.User.Id[..8]}-{i}"))));
            var last = acked.Max();
            foreach (var user in users)
            {
                await user.Feed.WaitForSeqAsync(last, TimeSpan.FromSeconds(20));
            }
            var log = (await cluster.Client.GetGrain<IRoomGrain>(room).GetEventsAfterAsync(0, last)).ToDictionary(e => e.Seq);

            Assert.Equal(users.Count * PerUser, acked.Distinct().Count());
            Assert.Equal(users.Count + (users.Count * PerUser), last);
            Assert.Equal(Enumerable.Range(1, (int)last).Select(i => (long)i), log.Keys.Order());
            foreach (var user in users)
            {
                // From just after its own join to the last message: every seq, once, in order, as the log has it.
                var seen = user.Feed.All.Where(e => e.Seq > user.JoinedAt).ToList();
                Assert.Equal(Enumerable.Range((int)user.JoinedAt + 1, (int)(last - user.JoinedAt)).Select(i => (long)i), seen.Select(e => e.Seq));
                Assert.All(seen, e => Assert.Equal(Wire(log[e.Seq]), Wire(e)));
                Assert.Equal(PerUser, log.Values.Count(e => e.Type == RoomEventTypes.Message && e.User == user.User));
            }
        }
        finally
        {
            foreach (var user in users)
            {
                await user.Feed.DisposeAsync();
            }
        }
    }

    /// <summary>An event as clients get it: the log keeps <c>at</c> to the millisecond, as the wire does; the stream carries the committing silo's clock.</summary>
    private static string Wire(RoomEvent roomEvent) => JsonSerializer.Serialize(roomEvent, ProtocolJsonContext.Default.RoomEvent);
}
