namespace OrleansChat.Grains;

/// <summary>Whether the cluster's store answers, asked of a silo: how a client front end (which holds no store) reports readiness.</summary>
[Alias("store-health")]
public interface IStoreHealthGrain : IGrainWithIntegerKey
{
    [Alias("ping")]
    Task<bool> PingAsync();
}
