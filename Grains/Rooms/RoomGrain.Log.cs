using Microsoft.Extensions.Logging;

namespace OrleansChat.Grains.Rooms;

internal sealed partial class RoomGrain
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Warning, Message = "Room {Room}: another activation wrote to the log; this one deactivates")]
    private static partial void LogConflict(ILogger logger, string room, Exception exception);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Room {Room}: publishing from seq {Seq} failed; feeds will fill it from the log")]
    private static partial void LogPublishFailed(ILogger logger, string room, long seq, Exception exception);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "Room {Room}: reporting to the directory failed")]
    private static partial void LogReportFailed(ILogger logger, string room, Exception exception);
}
