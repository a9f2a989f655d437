using OrleansChat.Grains;
using OrleansChat.Grains.Storage;

namespace OrleansChat.Silo.Hosting;

/// <summary>A client front end's view of the store: a silo pings it (<see cref="IStoreHealthGrain"/>); no gateway means no.</summary>
internal sealed class ClusterStoreHealth(IClusterClient client) : IStoreHealth
{
    public async Task<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await client.GetGrain<IStoreHealthGrain>(0).PingAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return false;
        }
    }
}
