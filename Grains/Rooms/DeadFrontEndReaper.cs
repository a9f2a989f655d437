using Microsoft.Extensions.Logging;

namespace OrleansChat.Grains.Rooms;

/// <summary>
/// Watches Orleans' membership on every silo: when a silo is declared dead, the rooms in which its front end held
/// presence (as the directory knows them) drop that presence, so members present only there get <c>left</c>.
/// Every surviving silo does this; it is idempotent, so the first to reach a room commits and the rest change
/// nothing. Rooms that died with the silo come back on a survivor when called here.
/// </summary>
internal sealed partial class DeadFrontEndReaper(
    IClusterMembershipService membership,
    IGrainFactory grains,
    ILogger<DeadFrontEndReaper> logger) : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private const int Attempts = 5;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly HashSet<SiloAddress> _reaped = [];
    private readonly CancellationTokenSource _stopping = new();
    private Task _watching = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(DeadFrontEndReaper), ServiceLifecycleStage.Active, OnStartAsync, OnStopAsync);

    public void Dispose() => _stopping.Dispose();

    private Task OnStartAsync(CancellationToken cancellationToken)
    {
        _watching = Task.Run(WatchAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task OnStopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _watching.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task WatchAsync()
    {
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(_stopping.Token).ConfigureAwait(false))
            {
                foreach (var (silo, member) in snapshot.Members)
                {
                    if (member.Status == SiloStatus.Dead && _reaped.Add(silo))
                    {
                        _ = ReapAsync(FrontEnds.IdOf(silo));
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    private async Task ReapAsync(string frontEnd)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var rooms = await grains.GetGrain<IRoomDirectoryGrain>(0).GetRoomsWithFrontEndAsync(frontEnd).ConfigureAwait(false);
                if (rooms.Count > 0)
                {
                    LogReaping(logger, frontEnd, rooms.Count);
                }
                await Task.WhenAll(rooms.Select(room => grains.GetGrain<IRoomGrain>(room).RemoveFrontEndAsync(frontEnd))).ConfigureAwait(false);
                return;
            }
            catch (Exception exception) when (attempt < Attempts && !_stopping.IsCancellationRequested)
            {
                // The directory or a room may be coming back on a survivor of the same failure.
                LogRetrying(logger, frontEnd, attempt, exception);
                await Task.Delay(RetryDelay, _stopping.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (Exception exception)
            {
                LogFailed(logger, frontEnd, exception);
                return;
            }
        }
    }

    [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "Front end {FrontEnd} is dead: removing its presence from {Count} rooms")]
    private static partial void LogReaping(ILogger logger, string frontEnd, int count);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Removing the presence of dead front end {FrontEnd} failed (attempt {Attempt}); retrying")]
    private static partial void LogRetrying(ILogger logger, string frontEnd, int attempt, Exception exception);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Error, Message = "Removing the presence of dead front end {FrontEnd} failed")]
    private static partial void LogFailed(ILogger logger, string frontEnd, Exception exception);
}
