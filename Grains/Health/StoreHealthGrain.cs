using Orleans.Concurrency;
using OrleansChat.Grains.Storage;

namespace OrleansChat.Grains.Health;

/// <summary>Pings the store from whichever silo takes the call (stateless: any silo, many at once).</summary>
[GrainType("store-health"), StatelessWorker]
internal sealed class StoreHealthGrain(IStoreHealth store) : Grain, IStoreHealthGrain
{
    public Task<bool> PingAsync() => store.PingAsync();
}
