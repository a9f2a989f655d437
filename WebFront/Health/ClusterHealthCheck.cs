using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansChat.Grains;
using OrleansChat.WebFront.Cluster;
using OrleansChat.WebFront.Hosting;

namespace OrleansChat.WebFront.Health;

/// <summary>Attached to the cluster: the co-hosted silo is active, or the client has a gateway.</summary>
internal sealed class ClusterHealthCheck(IClusterAttachment attachment, FrontEnd frontEnd) : IHealthCheck
{
    public const string Name = "cluster";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(attachment.NotReadyReason is { } reason
            ? HealthCheckResult.Unhealthy(reason)
            : HealthCheckResult.Healthy(frontEnd.Role == FrontEndRoles.Silo ? "silo active" : "gateway connected"));
}
