using Microsoft.Extensions.Logging;

namespace OrleansChat.Runtime.Redis.Streams;

public sealed partial class RedisStreamProvider
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Unsubscribing from {Channel} failed")]
    private static partial void LogUnsubscribeFailed(ILogger logger, string channel, Exception exception);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Error, Message = "A message on {Channel} is not an event payload; dropped")]
    private static partial void LogBadPayload(ILogger logger, string channel);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Pub/sub reconnected: {Count} stream observers resync from the log")]
    private static partial void LogResynced(ILogger logger, int count);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Redis did not come back after a reconnect; resyncing anyway")]
    private static partial void LogResyncBarrierFailed(ILogger logger, Exception exception);
}
