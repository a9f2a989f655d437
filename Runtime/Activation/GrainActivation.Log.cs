using Microsoft.Extensions.Logging;

namespace OrleansChat.Runtime.Activation;

/// <summary>Log messages of <see cref="GrainActivation"/>.</summary>
internal sealed partial class GrainActivation
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "Activation of {GrainId} failed")]
    private static partial void LogActivationFailed(ILogger logger, GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Deactivation of {GrainId} failed")]
    private static partial void LogDeactivationFailed(ILogger logger, GrainId grainId, Exception exception);
}
