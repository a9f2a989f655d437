namespace OrleansChat.WebFront.Connections;

internal sealed partial class OutboundWriter
{
    [LoggerMessage(EventId = 3010, Level = LogLevel.Debug, Message = "Connection {ConnectionId}: socket gone while writing")]
    private static partial void LogSocketGone(ILogger logger, string connectionId, Exception exception);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Error, Message = "Connection {ConnectionId}: writing failed")]
    private static partial void LogWriteFault(ILogger logger, string connectionId, Exception exception);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Connection {ConnectionId} closed with 1008: its outbound queue of {Frames} frames is full")]
    private static partial void LogSlowConsumer(ILogger logger, string connectionId, int frames);
}
