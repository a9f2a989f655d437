using System.Collections.Concurrent;
using OrleansChat.Runtime.Secrets;

namespace OrleansChat.Runtime.Memory;

/// <summary>Shared secrets in this process's memory: they last as long as the process, as does the memory store.</summary>
public sealed class MemorySharedSecretStore : ISharedSecretStore
{
    private readonly ConcurrentDictionary<string, byte[]> _secrets = new();

    public Task<byte[]> GetOrAddAsync(string name, byte[] candidate, CancellationToken cancellationToken = default) =>
        Task.FromResult(_secrets.GetOrAdd(name, candidate));
}
