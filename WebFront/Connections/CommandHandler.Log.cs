namespace OrleansChat.WebFront.Connections;

internal sealed partial class CommandHandler
{
    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Connection {ConnectionId}: {Command} found the cluster unavailable: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string connectionId, string command, string reason);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "Connection {ConnectionId}: {Command} failed")]
    private static partial void LogCommandFailed(ILogger logger, string connectionId, string command, Exception exception);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Connection {ConnectionId}: leaving room {Room} failed")]
    private static partial void LogLeaveFailed(ILogger logger, string connectionId, string room, Exception exception);
}
