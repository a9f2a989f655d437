using System.Diagnostics;
using Microsoft.Extensions.Options;
using OrleansChat.Grains;
using OrleansChat.Grains.Rooms;
using OrleansChat.Grains.Storage;
using OrleansChat.Grains.Storage.Redis;
using OrleansChat.Protocol;
using OrleansChat.Tests.Redis;
using StackExchange.Redis;

namespace OrleansChat.Tests.Storage;

/// <summary>The room log store contract on Redis (a stream per room), against a real redis-server; plus what only Redis has.</summary>
[Trait("Category", "Integration")]
[Collection(RedisCollection.Name)]
public sealed class RedisRoomLogStoreTests(RedisFixture redis) : RoomLogStoreContractTests
{
    private readonly string _prefix = RedisFixture.NewPrefix();
    private ConnectionMultiplexer? _connection;

    private ConnectionMultiplexer Connection => _connection ?? throw new InvalidOperationException("Not connected.");

    public override async Task InitializeAsync() => _connection = await ConnectAsync(redis.ConnectionString, RedisOptions.DefaultOperationTimeout);

    public override async Task DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    protected override IRoomLogStore CreateStore(int retention = 1000) => CreateStore(Connection, _prefix, retention);

    [Fact]
    public async Task Append_KeysOfARoom_ShareItsHashTagAndEntryIdsAreSeqs()
    {
        var store = CreateStore();
        var user = new ChatUser(UserIds.New(), "quiet-otter");
        var at = DateTimeOffset.UnixEpoch;
        await store.AppendAsync("lobby", new RoomAppend(0,
            [new RoomEvent(RoomEventTypes.Joined, "lobby", 1, user, null, at), new RoomEvent(RoomEventTypes.Message, "lobby", 2, user, "hi", at)],
            new RoomPresence([new RoomMember(user, ["front-a"])])));
        await store.AppendAsync("other", new RoomAppend(0, [new RoomEvent(RoomEventTypes.Joined, "other", 1, user, null, at)], null));

        var server = Connection.GetServer(Connection.GetEndPoints()[0]);
        var keys = await server.KeysAsync(pattern: $"{_prefix}:*").Select(k => (string)k!).ToListAsync();
        var entries = await Connection.GetDatabase().StreamRangeAsync($"{_prefix}:room:{{lobby}}:log");

        Assert.Equal(
            [$"{_prefix}:room:{{lobby}}:head", $"{_prefix}:room:{{lobby}}:log", $"{_prefix}:room:{{other}}:head", $"{_prefix}:room:{{other}}:log"],
            keys.Order(StringComparer.Ordinal));
        var lobbyKeys = keys.Where(k => k.Contains("{lobby}", StringComparison.Ordinal)).ToList();
        Assert.Single(lobbyKeys.Select(k => Connection.HashSlot(k)).Distinct());
        Assert.Equal(Connection.HashSlot("{lobby}"), Connection.HashSlot(lobbyKeys[0]));
        Assert.Equal(["1-0", "2-0"], entries.Select(e => (string)e.Id!));
    }

    [Fact]
    public async Task Append_RedisDown_ThrowsStoreUnavailableWithinTheTimeoutAndPingFails()
    {
        var timeout = TimeSpan.FromSeconds(1);
        await using var server = await RedisServer.StartAsync();
        await using var connection = await ConnectAsync(server.ConnectionString, timeout);
        var store = CreateStore(connection, _prefix, 1000);
        var user = new ChatUser(UserIds.New(), "quiet-otter");
        await store.AppendAsync("down", new RoomAppend(0, [new RoomEvent(RoomEventTypes.Joined, "down", 1, user, null, DateTimeOffset.UnixEpoch)], null));

        server.Kill();
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAsync<StoreUnavailableException>(() =>
            store.AppendAsync("down", new RoomAppend(1, [new RoomEvent(RoomEventTypes.Message, "down", 2, user, "lost?", DateTimeOffset.UnixEpoch)], null)));
        var append = clock.Elapsed;
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.ReadHeadAsync("down"));
        var read = clock.Elapsed - append;
        var pinged = await store.PingAsync();

        Assert.InRange(append, TimeSpan.Zero, timeout * 3);
        Assert.InRange(read, TimeSpan.Zero, timeout * 3);
        Assert.False(pinged);
    }

    private static RedisRoomLogStore CreateStore(IConnectionMultiplexer connection, string prefix, int retention) =>
        new RedisRoomLogStore(connection, Options.Create(new RedisOptions { KeyPrefix = prefix }), Options.Create(new RoomLogOptions { LogRetention = retention }));

    /// <summary>Connected as a silo connects (see AddChatSilo): no abort on a failed connect, one timeout for every call.</summary>
    private static Task<ConnectionMultiplexer> ConnectAsync(string connectionString, TimeSpan timeout)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.AsyncTimeout = options.SyncTimeout = (int)timeout.TotalMilliseconds;
        options.AllowAdmin = true;
        return ConnectionMultiplexer.ConnectAsync(options);
    }
}
