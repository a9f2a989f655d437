using OrleansChat.Runtime.Membership;
using OrleansChat.Runtime.Secrets;
using OrleansChat.Runtime.Storage;
using OrleansChat.Runtime.Streams;

namespace OrleansChat.Tests.Contracts;

/// <summary>One cluster's providers, as a contract test sees them; disposing releases whatever they hold.</summary>
public sealed record ProviderSet(
    IGrainStorage Storage,
    IStreamProvider Streams,
    IMembershipTable Membership,
    ISharedSecretStore Secrets,
    IAsyncDisposable? Owner = null) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Owner?.DisposeAsync() ?? ValueTask.CompletedTask;
}
