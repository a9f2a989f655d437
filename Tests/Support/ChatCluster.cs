using OrleansChat.Grains;
using OrleansChat.Grains.Hosting;
using OrleansChat.Runtime.Hosting;
using OrleansChat.Runtime.Testing;

namespace OrleansChat.Tests.Support;

/// <summary>Test clusters of chat silos on the in-memory providers.</summary>
internal static class ChatCluster
{
    public static async Task<TestCluster> StartAsync(int silos, TimeProvider? timeProvider = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var cluster = new TestCluster(services => services.AddGrainRuntime().AddChatGrains(), timeProvider, settings);
        await cluster.DeployAsync(silos);
        return cluster;
    }

    public static Task<ChatUser> NewUserAsync(this TestSilo silo) =>
        silo.GrainFactory.GetGrain<IUserGrain>(UserIds.New()).CreateAsync();

    public static IRoomGrain Room(this TestSilo silo, string room) => silo.GrainFactory.GetGrain<IRoomGrain>(room);

    public static Task<RoomSnapshot> JoinAsync(this TestSilo silo, string room, ChatUser user, IRoomSubscriber subscriber, string? connectionId = null, long? after = null) =>
        silo.GrainFactory.GetGrain<IRoomGrain>(room).JoinAsync(new RoomJoin(user, connectionId ?? Guid.NewGuid().ToString("N"), subscriber, after, 50));
}
