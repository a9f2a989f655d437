using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OrleansChat.Grains;
using OrleansChat.Grains.Rooms;
using OrleansChat.Protocol;

namespace OrleansChat.Tests.Support;

/// <summary>
/// A co-hosted front end as the rooms see it: a silo, whose id (<see cref="FrontEnds.IdOf"/>) its presence is held
/// under, calling grains and subscribing to streams through the silo's own cluster client.
/// </summary>
internal sealed class TestFrontEnd(InProcessSiloHandle silo)
{
    public InProcessSiloHandle Silo => silo;

    public string Id { get; } = FrontEnds.IdOf(silo.SiloAddress);

    public IClusterClient Client { get; } = silo.ServiceProvider.GetRequiredService<IClusterClient>();

    public IRoomGrain Room(string room) => Client.GetGrain<IRoomGrain>(room);

    public IUserGrain User(string id) => Client.GetGrain<IUserGrain>(id);

    public Task<ChatUser> NewUserAsync() => User(UserIds.New()).CreateAsync();

    /// <summary>The user's presence here, as a connection's <c>join</c> records it.</summary>
    public Task<RoomSnapshot> JoinAsync(string room, ChatUser user, long? after = null, int recent = 50) =>
        Room(room).JoinAsync(new RoomJoin(Id, user, after, recent));

    /// <summary>The user's last connection here left the room.</summary>
    public Task LeaveAsync(string room, ChatUser user) => Room(room).LeaveAsync(Id, user.Id);

    public Task<long> SendAsync(string room, ChatUser user, string text) => Room(room).SendAsync(user, text);

    public Task<TestRoomFeed> SubscribeAsync(string room) => TestRoomFeed.SubscribeAsync(Client, room);

    public override string ToString() => Id;
}
