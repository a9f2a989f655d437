using OrleansChat.WebFront.Feeds;

namespace OrleansChat.WebFront.Cluster;

/// <summary>
/// A client front end: ready while it has a gateway. Orleans' client reconnects by itself; when it lost a gateway or
/// got one back, events on the way may be lost, so every room feed subscribes again and catches up from its room's log.
/// Sockets stay open meanwhile; their commands answer <c>unavailable</c> until a gateway is back.
/// </summary>
/// <remarks>The Orleans client resolves its observers while it is built, and the feeds need the client: they are looked up when first used.</remarks>
internal sealed partial class ClientAttachment(IServiceProvider services, ILogger<ClientAttachment> logger) : IClusterAttachment, IClusterConnectionStatusObserver
{
    private volatile int _gateways = -1;
    private volatile bool _started;

    public string? NotReadyReason => _gateways == 0 ? "no gateway reachable" : null;

    public void Start() => _started = true;

    public Task StopAsync()
    {
        _started = false;
        return Task.CompletedTask;
    }

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        _gateways = currentNumberOfGateways;
        if (_started && (connectionRecovered || currentNumberOfGateways < previousNumberOfGateways))
        {
            var feeds = services.GetRequiredService<RoomFeeds>();
            LogRecovering(logger, previousNumberOfGateways, currentNumberOfGateways, feeds.Count);
            _ = feeds.ResubscribeAllAsync();
        }
    }

    public void NotifyClusterConnectionLost()
    {
        _gateways = 0;
        LogConnectionLost(logger);
    }

    [LoggerMessage(EventId = 3530, Level = LogLevel.Information, Message = "Gateways {Previous} -> {Current}: {Feeds} room feeds subscribe again and catch up from their logs")]
    private static partial void LogRecovering(ILogger logger, int previous, int current, int feeds);

    [LoggerMessage(EventId = 3531, Level = LogLevel.Warning, Message = "Lost the connection to the cluster; commands answer 'unavailable' until a gateway is back")]
    private static partial void LogConnectionLost(ILogger logger);
}
