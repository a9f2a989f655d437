using Microsoft.Extensions.Logging;

namespace OrleansChat.Grains.Rooms;

/// <summary>
/// Drops a dead front end's presence from every room the directory lists it in (members present only there get
/// <c>left</c>). Idempotent, so whoever notices the death first commits and the rest change nothing. It retries:
/// the directory or a room may be coming back on a survivor of the same failure.
/// </summary>
public sealed partial class FrontEndPresenceRemover(IGrainFactory grains, ILogger<FrontEndPresenceRemover> logger)
{
    private const int Attempts = 5;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    public async Task RemoveEverywhereAsync(string frontEnd, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var rooms = await grains.GetGrain<IRoomDirectoryGrain>(0).GetRoomsWithFrontEndAsync(frontEnd);
                if (rooms.Count > 0)
                {
                    LogRemoving(logger, frontEnd, rooms.Count);
                }
                await Task.WhenAll(rooms.Select(room => grains.GetGrain<IRoomGrain>(room).RemoveFrontEndAsync(frontEnd)));
                return;
            }
            catch (Exception exception) when (attempt < Attempts && !cancellationToken.IsCancellationRequested)
            {
                LogRetrying(logger, frontEnd, attempt, exception);
                await Task.Delay(RetryDelay, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (Exception exception)
            {
                LogFailed(logger, frontEnd, exception);
                return;
            }
        }
    }

    [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "Front end {FrontEnd} is dead: removing its presence from {Count} rooms")]
    private static partial void LogRemoving(ILogger logger, string frontEnd, int count);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Removing the presence of dead front end {FrontEnd} failed (attempt {Attempt}); retrying")]
    private static partial void LogRetrying(ILogger logger, string frontEnd, int attempt, Exception exception);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Error, Message = "Removing the presence of dead front end {FrontEnd} failed")]
    private static partial void LogFailed(ILogger logger, string frontEnd, Exception exception);
}
