using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansChat.WebFront.Cluster;
using OrleansChat.WebFront.Feeds;

namespace OrleansChat.WebFront.Health;

/// <summary>
/// The streaming path is warm (the first subscribe in a process is slow, and no user's join should pay for it).
/// Warming up needs the cluster, so it is not tried before the front end is attached.
/// </summary>
internal sealed class StreamsHealthCheck(IClusterAttachment attachment, RoomFeeds feeds) : IHealthCheck
{
    public const string Name = "streams";

    /// <summary>The longest the check waits for the warm-up before it answers not ready.</summary>
    public static readonly TimeSpan WarmUpWait = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (attachment.NotReadyReason is not null)
        {
            return HealthCheckResult.Unhealthy("waiting for the cluster");
        }
        try
        {
            await feeds.WarmUpAsync().WaitAsync(WarmUpWait, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy("warm");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("streams not ready", exception);
        }
    }
}
