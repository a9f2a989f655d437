using OrleansChat.WebFront.Cluster;
using OrleansChat.WebFront.Connections;
using OrleansChat.WebFront.Feeds;

namespace OrleansChat.WebFront.Hosting;

/// <summary>
/// Starts and stops the front end around its attachment to the cluster. Once attached, the streaming path is warmed
/// up (the first subscribe in a process is slow), feeds start watching for lost events, and the lease is renewed.
/// On stop, every connection commits its leaves and closes with 1001 before the front end leaves the registry, and
/// all of it before the silo deactivates its grains (co-hosted) or the client disconnects (split tier).
/// </summary>
internal sealed partial class WebFrontLifecycle(
    ChatConnections connections,
    RoomFeeds feeds,
    IClusterAttachment attachment,
    LeaseRenewer lease,
    ILogger<WebFrontLifecycle> logger) : ILifecycleParticipant<ISiloLifecycle>, IHostedService
{
    /// <summary>Co-hosted: runs inside the silo's lifecycle, at <see cref="ServiceLifecycleStage.Active"/>.</summary>
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(WebFrontLifecycle), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    /// <summary>Split tier: a hosted service registered after the Orleans client's, so it starts once connected and stops first.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        attachment.Start();
        lease.Start();
        try
        {
            await feeds.WarmUpAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Not fatal: readiness tries again, and the first join pays the cost instead.
            LogWarmUpFailed(logger, exception);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await connections.ShutdownAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        await lease.StopAsync().ConfigureAwait(false);
        await attachment.StopAsync().ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 3410, Level = LogLevel.Warning, Message = "Warming up the streams failed")]
    private static partial void LogWarmUpFailed(ILogger logger, Exception exception);
}
