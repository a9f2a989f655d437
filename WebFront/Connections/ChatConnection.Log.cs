namespace OrleansChat.WebFront.Connections;

internal sealed partial class ChatConnection
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Debug, Message = "Connection {ConnectionId}: socket gone")]
    private static partial void LogSocketGone(ILogger logger, string connectionId, Exception exception);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Connection {ConnectionId} faulted")]
    private static partial void LogFault(ILogger logger, string connectionId, Exception exception);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Connection {ConnectionId}: {Command} found the cluster store unavailable: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string connectionId, string command, string reason);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "Connection {ConnectionId}: {Command} failed")]
    private static partial void LogCommandFailed(ILogger logger, string connectionId, string command, Exception exception);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Connection {ConnectionId}: leaving room {Room} failed")]
    private static partial void LogLeaveFailed(ILogger logger, string connectionId, string room, Exception exception);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Connection {ConnectionId} closed with 1008: its outbound queue of {Frames} frames is full")]
    private static partial void LogSlowConsumer(ILogger logger, string connectionId, int frames);
}
