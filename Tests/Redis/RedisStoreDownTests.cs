using System.Diagnostics;
using OrleansChat.Grains;
using OrleansChat.Grains.Storage;
using OrleansChat.Tests.Support;

namespace OrleansChat.Tests.Redis;

/// <summary>
/// Grains on the Redis providers while redis-server is down (a server of this test's own, killed): every call that
/// needs the store is refused with <see cref="StoreUnavailableException"/> within the operation timeout, which front
/// ends answer with <c>unavailable</c>, and nothing refused is committed once Redis is back.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RedisStoreDownTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task Calls_RedisDown_RefusedAsUnavailableWithinBoundAndNothingRefusedIsCommittedLater()
    {
        await using var cluster = await RedisChatCluster.StartAsync(_redis.ConnectionString, 1, new Dictionary<string, string?>
        {
            ["Redis:OperationTimeout"] = "00:00:01",
        });
        var frontEnd = cluster.FrontEnds[0];
        var room = TestRooms.New("outage");
        var alice = await frontEnd.NewUserAsync();
        await frontEnd.JoinAsync(room, alice);
        var before = await frontEnd.SendAsync(room, alice, "before");

        _redis.Kill();
        var send = await RefusedWithinAsync(() => frontEnd.SendAsync(room, alice, "while down"));
        var rename = await RefusedWithinAsync(() => frontEnd.User(alice.Id).RenameAsync("Renamed While Down"));
        // A grain whose state cannot be read at activation fails before its code runs: Orleans' own exception, which
        // StoreFailures still recognizes as the store being away.
        var create = await RefusedWithinAsync(() => frontEnd.NewUserAsync(), exception => Assert.True(StoreFailures.IsUnavailable(exception), exception.ToString()));
        await _redis.RestartAsync();
        var after = await Eventually.MatchesAsync(async () =>
        {
            try
            {
                return await frontEnd.SendAsync(room, alice, "after");
            }
            catch (StoreUnavailableException)
            {
                return 0;
            }
        }, seq => seq > 0, TimeSpan.FromSeconds(20));
        var log = await frontEnd.Room(room).GetEventsAfterAsync(0, long.MaxValue);

        Assert.All([send, rename, create], elapsed => Assert.InRange(elapsed, TimeSpan.Zero, Bound));
        Assert.Equal(before + 1, after);
        Assert.Equal([null, "before", "after"], log.Select(e => e.Text));
        Assert.Equal(alice, await frontEnd.User(alice.Id).GetAsync());
    }

    private static async Task<TimeSpan> RefusedWithinAsync(Func<Task> call, Action<Exception>? check = null)
    {
        var clock = Stopwatch.StartNew();
        if (check is null)
        {
            await Assert.ThrowsAsync<StoreUnavailableException>(call);
        }
        else
        {
            check(await Assert.ThrowsAnyAsync<Exception>(call));
        }
        return clock.Elapsed;
    }
}
