using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansChat.Grains.Storage;

namespace OrleansChat.WebFront.Health;

/// <summary>The cluster store answers (the room logs and grain state: memory, or Redis; a client asks a silo).</summary>
internal sealed class StoreHealthCheck(IStoreHealth store) : IHealthCheck
{
    public const string Name = "store";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await store.PingAsync(cancellationToken).ConfigureAwait(false)
                ? HealthCheckResult.Healthy("reachable")
                : HealthCheckResult.Unhealthy("store unreachable");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("store unreachable", exception);
        }
    }
}
