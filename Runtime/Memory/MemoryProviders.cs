using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Hosting;

namespace OrleansChat.Runtime.Memory;

/// <summary>The three in-memory providers of one process; hand the same instance to several silos to make them a cluster.</summary>
public sealed class MemoryProviders
{
    public MemoryProviders(TimeProvider timeProvider, ClusterOptions? options = null)
    {
        Membership = new MemoryMembershipTable(timeProvider);
        Storage = new MemoryGrainStorage(Streams, Options.Create(options ?? new ClusterOptions()));
    }

    public MemoryStreamProvider Streams { get; } = new();

    public MemoryMembershipTable Membership { get; }

    public MemoryGrainStorage Storage { get; }

    public MemorySharedSecretStore Secrets { get; } = new();
}
