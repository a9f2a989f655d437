namespace OrleansChat.Grains.Storage;

/// <summary>Whether the cluster store answers: what front ends report as readiness.</summary>
public interface IStoreHealth
{
    Task<bool> PingAsync(CancellationToken cancellationToken = default);
}
