namespace OrleansChat.WebFront.Connections;

internal sealed partial class ChatConnection
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Debug, Message = "Connection {ConnectionId}: socket gone")]
    private static partial void LogSocketGone(ILogger logger, string connectionId, Exception exception);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Connection {ConnectionId} faulted")]
    private static partial void LogFault(ILogger logger, string connectionId, Exception exception);
}
