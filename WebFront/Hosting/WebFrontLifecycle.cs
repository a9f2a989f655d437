using OrleansChat.WebFront.Connections;
using OrleansChat.WebFront.Feeds;

namespace OrleansChat.WebFront.Hosting;

/// <summary>
/// Ties the front end to its silo's lifecycle. Once the silo is active, the streaming path is warmed up (the
/// first subscribe in a process is slow) and the feeds start watching for dead silos. When it stops, the silo waits at <see cref="ServiceLifecycleStage.Active"/>
/// (before grains are deactivated) until every connection has committed its leaves and closed with 1001.
/// </summary>
internal sealed partial class WebFrontLifecycle(ChatConnections connections, RoomFeeds feeds, FeedRecovery recovery, ILogger<WebFrontLifecycle> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(WebFrontLifecycle), ServiceLifecycleStage.Active, OnStartAsync, OnStopAsync);

    private async Task OnStartAsync(CancellationToken cancellationToken)
    {
        recovery.Start();
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

    private async Task OnStopAsync(CancellationToken cancellationToken)
    {
        await connections.ShutdownAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        await recovery.StopAsync().ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 3410, Level = LogLevel.Warning, Message = "Warming up the streams failed")]
    private static partial void LogWarmUpFailed(ILogger logger, Exception exception);
}
