using Microsoft.Extensions.Logging;

namespace OrleansChat.Runtime.Membership;

/// <summary>Log messages of <see cref="MembershipAgent"/>.</summary>
internal sealed partial class MembershipAgent
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Silo {SiloId} registered at {Address}")]
    private static partial void LogRegistered(ILogger logger, string siloId, string address);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Silo {SiloId} silent for {Silence}: reaping it")]
    private static partial void LogReaping(ILogger logger, string siloId, TimeSpan silence);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "Membership heartbeat failed")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);
}
