using OrleansChat.WebFront.Feeds;

namespace OrleansChat.WebFront.Cluster;

/// <summary>
/// A co-hosted front end: ready while its silo is active. It watches Orleans' membership: when a silo is declared dead, the stream events queued on it are lost, so
/// every room feed here catches up from its room's log, at once and again a little later: the survivors commit the
/// dead front end's leaves in the same moments (the reaper watches the same membership update), and those events
/// can be lost too while the streams' queues move to the survivors. At the tail of a quiet room no later event would
/// reveal that gap.
/// </summary>
internal sealed partial class SiloAttachment(IClusterMembershipService membership, ILocalSiloDetails silo, RoomFeeds feeds, ILogger<SiloAttachment> logger)
    : IClusterAttachment, IDisposable
{
    /// <summary>When the feeds catch up after a silo is declared dead, from the moment it is.</summary>
    internal static readonly TimeSpan[] CatchUpTimes = [TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)];

    private readonly CancellationTokenSource _stopping = new();
    private Task? _watching;

    public string? NotReadyReason => membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress) is var status && status != SiloStatus.Active
        ? $"silo {SiloStatuses.NameOf(status)}"
        : null;

    public void Start() => _watching ??= WatchAsync(_stopping.Token);

    public async Task StopAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_watching is { } watching)
        {
            await watching.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose() => _stopping.Dispose();

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        var dead = new HashSet<SiloAddress>();
        var first = true;
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                var newlyDead = 0;
                foreach (var (silo, member) in snapshot.Members)
                {
                    if (member.Status == SiloStatus.Dead && dead.Add(silo))
                    {
                        newlyDead++;
                    }
                }
                // The first snapshot only tells which silos were dead before this front end started.
                if (newlyDead > 0 && !first)
                {
                    LogCatchingUp(logger, newlyDead, feeds.Count);
                    _ = CatchUpAfterDeathAsync(cancellationToken);
                }
                first = false;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            LogWatchFailed(logger, exception);
        }
    }

    private async Task CatchUpAfterDeathAsync(CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        try
        {
            foreach (var at in CatchUpTimes)
            {
                if (at > waited)
                {
                    await Task.Delay(at - waited, feeds.TimeProvider, cancellationToken).ConfigureAwait(false);
                    waited = at;
                }
                feeds.CatchUpAll();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 3520, Level = LogLevel.Information, Message = "{Silos} silo(s) declared dead: {Feeds} room feeds catch up from their logs")]
    private static partial void LogCatchingUp(ILogger logger, int silos, int feeds);

    [LoggerMessage(EventId = 3521, Level = LogLevel.Warning, Message = "Watching the cluster membership failed; feeds no longer catch up after a silo dies")]
    private static partial void LogWatchFailed(ILogger logger, Exception exception);
}
