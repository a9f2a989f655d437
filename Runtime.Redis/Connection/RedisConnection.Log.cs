using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace OrleansChat.Runtime.Redis.Connection;

public sealed partial class RedisConnection
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Redis multiplexer created for {Configuration} (connected: {Connected})")]
    private static partial void LogConnecting(ILogger logger, string configuration, bool connected);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Redis {ConnectionType} connection failed ({FailureType})")]
    private static partial void LogConnectionFailed(ILogger logger, ConnectionType connectionType, ConnectionFailureType failureType, Exception? exception);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Redis {ConnectionType} connection restored")]
    private static partial void LogConnectionRestored(ILogger logger, ConnectionType connectionType);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Redis unavailable for {Operation}")]
    private static partial void LogUnavailable(ILogger logger, string operation, Exception exception);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Redis forgot the scripts (restarted); loading them again for {Operation}")]
    private static partial void LogScriptsReloaded(ILogger logger, string operation);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Closing the Redis multiplexer failed")]
    private static partial void LogCloseFailed(ILogger logger, Exception exception);
}
