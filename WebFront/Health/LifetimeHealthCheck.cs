using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrleansChat.WebFront.Health;

/// <summary>Not ready once the front end is stopping, so that a load balancer sends no new sockets to it.</summary>
internal sealed class LifetimeHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public const string Name = "lifetime";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResult.Unhealthy("stopping")
            : HealthCheckResult.Healthy("running"));
}
