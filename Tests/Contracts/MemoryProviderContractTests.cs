using OrleansChat.Runtime.Hosting;
using OrleansChat.Runtime.Memory;

namespace OrleansChat.Tests.Contracts;

/// <summary>The provider contract on the in-memory providers.</summary>
[Trait("Category", "Unit")]
public sealed class MemoryProviderContractTests : ProviderContractTests
{
    protected override Task<ProviderSet> CreateAsync(int logRetention = 1000)
    {
        var providers = new MemoryProviders(TimeProvider.System, new ClusterOptions { LogRetention = logRetention });
        return Task.FromResult(new ProviderSet(providers.Storage, providers.Streams, providers.Membership, providers.Secrets));
    }
}
