using OrleansChat.Grains;
using OrleansChat.Tests.Support;

namespace OrleansChat.Tests.Grains;

/// <summary>The front end registry's leases, as front ends renew them.</summary>
[Trait("Category", "Unit")]
[Collection(ChatClusterCollection.Name)]
public sealed class FrontEndRegistryTests(ChatClusterFixture fixture)
{
    private IFrontEndRegistryGrain Registry => fixture.Cluster.Client.GetGrain<IFrontEndRegistryGrain>(0);

    [Fact]
    public async Task Renew_FirstThenAgain_AnswersNotLiveThenLive()
    {
        var lease = NewLease();

        var first = await Registry.RenewAsync(lease);
        var second = await Registry.RenewAsync(lease);

        Assert.False(first);
        Assert.True(second);
        Assert.Equal("active", await StatusOfAsync(lease.Id));
    }

    [Fact]
    public async Task Renew_ArrivingAfterItsFrontEndLeft_KeepsItLeft()
    {
        var lease = NewLease();
        await Registry.RenewAsync(lease);
        await Registry.LeaveAsync(lease.Id);

        // A renewal that waited out a frozen gateway may arrive after the goodbye.
        var late = await Registry.RenewAsync(lease);

        Assert.False(late);
        Assert.Equal("left", await StatusOfAsync(lease.Id));
    }

    private static FrontEndLease NewLease() =>
        new($"client:test:{Guid.NewGuid():N}", "http://127.0.0.1:1", FrontEndRoles.Client, TimeSpan.FromMinutes(1));

    private async Task<string> StatusOfAsync(string id) =>
        Assert.Single(await Registry.ListAsync(), f => f.Id == id).Status;
}
