using OrleansChat.Grains;
using OrleansChat.Tests.Support;

namespace OrleansChat.Tests.Grains;

[Trait("Category", "Unit")]
public sealed class RoomGrainClusterTests
{
    [Fact]
    public async Task TwoSilos_SameRoom_SeeSameEventsInSeqOrder()
    {
        await using var cluster = await ChatCluster.StartAsync(2);
        var (a, b) = (cluster.Silos[0], cluster.Silos[1]);
        var alice = await a.NewUserAsync();
        var bob = await b.NewUserAsync();
        var aliceFeed = new EventCollector();
        var bobFeed = new EventCollector();

        var first = await a.JoinAsync("general", alice, aliceFeed);
        var second = await b.JoinAsync("general", bob, bobFeed);
        await a.GrainFactory.GetGrain<IRoomGrain>("general").SendAsync(alice, "hello");
        await b.GrainFactory.GetGrain<IRoomGrain>("general").SendAsync(bob, "hi");
        await bobFeed.WaitForAsync(e => e.Text == "hello");
        await aliceFeed.WaitForAsync(e => e.Text == "hi");
        await bobFeed.WaitForAsync(e => e.Text == "hi");

        Assert.Equal(1, first.Seq);
        Assert.Equal(2, second.Seq);
        Assert.Equal([alice.Id, bob.Id], second.Members.Select(m => m.Id));
        Assert.Equal([2L, 3, 4], aliceFeed.All.Select(e => e.Seq));
        Assert.Equal([3L, 4], bobFeed.All.Select(e => e.Seq));
        Assert.Equal(aliceFeed.All.Skip(1), bobFeed.All);
    }
}
