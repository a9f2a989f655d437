using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using OrleansChat.Grains.Rooms;
using OrleansChat.Grains.Storage;

namespace OrleansChat.Grains.FrontEnds;

/// <summary>
/// Leases of the cluster's front ends. Status changes (a front end arriving, running out, leaving) are stored at
/// once; renewals only move an in-memory deadline. An activation that replaces one lost with its silo starts every
/// active lease afresh, so a front end that died with that silo still runs out one lease later, and its presence
/// is dropped then: the promise holds even when the silo that tracked the lease died too.
/// </summary>
/// <remarks>Reentrant, so that a renewal from a front end whose presence is being dropped can wait for that to end.</remarks>
[GrainType("front-end-registry"), Reentrant]
internal sealed partial class FrontEndRegistryGrain(
    [PersistentState("front-end-registry", ChatStorage.Name)] IPersistentState<FrontEndRegistryState> state,
    FrontEndPresenceRemover remover,
    TimeProvider timeProvider,
    ILogger<FrontEndRegistryGrain> logger) : Grain, IFrontEndRegistryGrain
{
    private static readonly TimeSpan CheckPeriod = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// A check that comes this much later than its period (a stall far beyond any timer jitter) means the registry itself was not running (its process was
    /// frozen, starved or paused): renewals could not reach it either, so the silence is not the front ends'.
    /// </summary>
    private static readonly TimeSpan StallThreshold = TimeSpan.FromSeconds(2);

    /// <summary>How long a front end that ended stays listed.</summary>
    private static readonly TimeSpan KeepEnded = TimeSpan.FromMinutes(10);

    private readonly Dictionary<string, DateTimeOffset> _deadlines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task> _removing = new(StringComparer.Ordinal);
    private DateTimeOffset _lastCheck;

    private Dictionary<string, FrontEndRecord> FrontEnds => state.State.FrontEnds;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        foreach (var record in FrontEnds.Values.Where(r => r.Status == FrontEndStatus.Active))
        {
            _deadlines[record.Lease.Id] = now + record.Lease.Duration;
        }
        _lastCheck = now;
        this.RegisterGrainTimer(CheckLeasesAsync, new GrainTimerCreationOptions(CheckPeriod, CheckPeriod) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public async Task<bool> RenewAsync(FrontEndLease lease)
    {
        if (_removing.TryGetValue(lease.Id, out var removing))
        {
            // Its presence is being dropped: it asserts it again only after that, or the drop would undo it.
            await removing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        }
        var now = timeProvider.GetUtcNow();
        var live = FrontEnds.TryGetValue(lease.Id, out var known) && known.Status == FrontEndStatus.Active;
        if (known?.Status == FrontEndStatus.Left)
        {
            // A renewal still on its way when its front end said goodbye (one that waited out a frozen gateway, say;
            // front end ids are never reused): it must not list the front end as active again.
            return false;
        }
        FrontEnds[lease.Id] = new FrontEndRecord(lease, FrontEndStatus.Active, now);
        _deadlines[lease.Id] = now + lease.Duration;
        if (!live || known!.Lease != lease)
        {
            if (known?.Status == FrontEndStatus.Dead)
            {
                LogBackAfterLapse(logger, lease.Id);
            }
            else
            {
                LogRegistered(logger, lease.Id, lease.Role);
            }
            await state.WriteOrUnavailableAsync();
        }
        return live;
    }

    public async Task LeaveAsync(string id)
    {
        _deadlines.Remove(id);
        if (FrontEnds.TryGetValue(id, out var known) && known.Status == FrontEndStatus.Active)
        {
            FrontEnds[id] = known with { Status = FrontEndStatus.Left, RenewedAt = timeProvider.GetUtcNow() };
            await state.WriteOrUnavailableAsync();
        }
    }

    public Task<IReadOnlyList<FrontEndInfo>> ListAsync() =>
        Task.FromResult<IReadOnlyList<FrontEndInfo>>([.. FrontEnds.Values.Select(r => r.ToInfo()).OrderBy(f => f.Id, StringComparer.Ordinal)]);

    private async Task CheckLeasesAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var sinceLastCheck = now - _lastCheck;
        var stalled = sinceLastCheck > CheckPeriod + StallThreshold;
        _lastCheck = now;
        if (stalled)
        {
            // As after a reactivation: every active lease starts afresh, so a front end that really died still runs
            // out one lease later, and one that kept renewing into a frozen registry keeps its presence.
            LogStalled(logger, sinceLastCheck);
            foreach (var id in _deadlines.Keys.ToList())
            {
                if (FrontEnds.TryGetValue(id, out var active))
                {
                    _deadlines[id] = now + active.Lease.Duration;
                }
            }
            return;
        }
        var changed = false;
        foreach (var (id, deadline) in _deadlines.ToList())
        {
            if (deadline >= now || !FrontEnds.TryGetValue(id, out var record))
            {
                continue;
            }
            _deadlines.Remove(id);
            FrontEnds[id] = record with { Status = FrontEndStatus.Dead };
            changed = true;
            LogLapsed(logger, id, now - record.RenewedAt);
            // A silo front end's death is Orleans membership's to declare (DeadFrontEndReaper); a client's is its lease's.
            if (record.Lease.Role == FrontEndRoles.Client)
            {
                _removing[id] = RemoveAsync(id);
            }
        }
        foreach (var (id, record) in FrontEnds.ToList())
        {
            if (record.Status != FrontEndStatus.Active && now - record.RenewedAt > KeepEnded)
            {
                FrontEnds.Remove(id);
                changed = true;
            }
        }
        if (changed)
        {
            await state.WriteOrUnavailableAsync();
        }
        // The stall is measured between checks, not across a slow write.
        _lastCheck = timeProvider.GetUtcNow();
    }

    private async Task RemoveAsync(string id)
    {
        try
        {
            await remover.RemoveEverywhereAsync(id);
        }
        finally
        {
            _removing.Remove(id);
        }
    }

    [LoggerMessage(EventId = 2110, Level = LogLevel.Debug, Message = "Front end {FrontEnd} ({Role}) holds a lease now")]
    private static partial void LogRegistered(ILogger logger, string frontEnd, string role);

    [LoggerMessage(EventId = 2113, Level = LogLevel.Warning, Message = "Front end {FrontEnd} renews again after its lease ran out: it was cut off, not dead, and asserts its users' presence again")]
    private static partial void LogBackAfterLapse(ILogger logger, string frontEnd);

    [LoggerMessage(EventId = 2111, Level = LogLevel.Warning, Message = "Front end {FrontEnd}: its lease ran out ({SinceRenewal} since its last renewal)")]
    private static partial void LogLapsed(ILogger logger, string frontEnd, TimeSpan sinceRenewal);

    [LoggerMessage(EventId = 2112, Level = LogLevel.Warning, Message = "The front end registry did not run for {Stall}: every lease starts afresh")]
    private static partial void LogStalled(ILogger logger, TimeSpan stall);
}
