namespace OrleansChat.WebFront.Feeds;

internal sealed partial class RoomFeed
{
    [LoggerMessage(EventId = 3500, Level = LogLevel.Warning, Message = "Room {Room}: the stream reported an error")]
    private static partial void LogStreamError(ILogger logger, string room, Exception exception);

    [LoggerMessage(EventId = 3501, Level = LogLevel.Warning, Message = "Room {Room}: unsubscribing from the stream failed")]
    private static partial void LogUnsubscribeFailed(ILogger logger, string room, Exception exception);

    [LoggerMessage(EventId = 3502, Level = LogLevel.Information, Message = "Room {Room}: filling the gap after {After} up to {UpTo} failed, trying again: {Reason}")]
    private static partial void LogFillRetry(ILogger logger, string room, long after, long upTo, string reason);

    [LoggerMessage(EventId = 3503, Level = LogLevel.Error, Message = "Room {Room}: could not fill the gap after {After} up to {UpTo}")]
    private static partial void LogFillFailed(ILogger logger, string room, long after, long upTo, Exception exception);

    [LoggerMessage(EventId = 3504, Level = LogLevel.Warning, Message = "Room {Room}: events after {After} up to {UpTo} are not in the log; the feed goes on after them")]
    private static partial void LogGapSkipped(ILogger logger, string room, long after, long upTo);

    [LoggerMessage(EventId = 3505, Level = LogLevel.Warning, Message = "Room {Room}: could not read the events after {Seq} up to {UpTo} for a joining connection; closing it")]
    private static partial void LogCatchUpFailed(ILogger logger, string room, long seq, long upTo, Exception exception);

    [LoggerMessage(EventId = 3506, Level = LogLevel.Information, Message = "Room {Room}: the leave of user {UserId} committed on a later try")]
    private static partial void LogLeaveRetried(ILogger logger, string room, string userId);

    [LoggerMessage(EventId = 3507, Level = LogLevel.Error, Message = "Room {Room}: gave up leaving for user {UserId}; its presence from this front end stays until the front end stops")]
    private static partial void LogLeaveAbandoned(ILogger logger, string room, string userId, Exception? exception);

    [LoggerMessage(EventId = 3508, Level = LogLevel.Information, Message = "Room {Room}: catching up after a silo died failed: {Reason}")]
    private static partial void LogTailRetry(ILogger logger, string room, string reason);

    [LoggerMessage(EventId = 3509, Level = LogLevel.Warning, Message = "Room {Room}: subscribing again failed; the old subscription stays")]
    private static partial void LogResubscribeFailed(ILogger logger, string room, Exception exception);

    [LoggerMessage(EventId = 3510, Level = LogLevel.Warning, Message = "Room {Room}: asserting the presence of user {UserId} again failed")]
    private static partial void LogRejoinFailed(ILogger logger, string room, string userId, Exception exception);

    [LoggerMessage(EventId = 3512, Level = LogLevel.Information, Message = "Room {Room}: asserting the presence of user {UserId} again found the room unreachable ({Reason}); retrying")]
    private static partial void LogRejoinRetry(ILogger logger, string room, string userId, string reason);

    [LoggerMessage(EventId = 3511, Level = LogLevel.Information, Message = "Room {Room}: could not read the events in flight for a leaving connection: {Reason}")]
    private static partial void LogDeliverCommittedFailed(ILogger logger, string room, string reason);
}
