using OrleansChat.Grains;
using OrleansChat.Tests.Support;

namespace OrleansChat.Tests.Grains;

/// <summary>Cluster-wide secrets (the token key): whoever asks first decides, everyone gets the same bytes.</summary>
[Trait("Category", "Unit")]
[Collection(ChatClusterCollection.Name)]
public sealed class SecretGrainTests(ChatClusterFixture fixture)
{
    private ChatTestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task GetOrAdd_ConcurrentCandidatesFromEveryFrontEnd_EveryoneGetsTheFirstStored()
    {
        var name = $"token-key-{Guid.NewGuid():N}";

        var secrets = await Task.WhenAll(Enumerable.Range(0, 9).Select(i =>
            Cluster.FrontEnds[i % 3].Client.GetGrain<ISecretGrain>(name).GetOrAddAsync([(byte)i, 1, 2])));
        var later = await Cluster.Client.GetGrain<ISecretGrain>(name).GetOrAddAsync([9, 9, 9]);
        var other = await Cluster.FrontEnds[1].Client.GetGrain<ISecretGrain>($"other-{name}").GetOrAddAsync([7]);

        Assert.Contains(secrets[0][0], Enumerable.Range(0, 9).Select(i => (byte)i));
        Assert.Equal([secrets[0][0], 1, 2], secrets[0]);
        Assert.All(secrets, s => Assert.Equal(secrets[0], s));
        Assert.Equal(secrets[0], later);
        Assert.Equal([(byte)7], other);
    }
}
