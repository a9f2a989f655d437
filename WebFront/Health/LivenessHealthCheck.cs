using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrleansChat.WebFront.Health;

/// <summary><c>/healthz</c>: the process is alive and serves HTTP; nothing it depends on is asked.</summary>
internal sealed class LivenessHealthCheck : IHealthCheck
{
    public const string Name = "process";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy("alive"));
}
