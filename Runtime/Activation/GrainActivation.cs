using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using OrleansChat.Runtime.Storage;

namespace OrleansChat.Runtime.Activation;

/// <summary>
/// One grain instance in one silo. Its mailbox is a single-reader channel: a turn starts only when the
/// previous one has finished, unless it interleaves. Every piece of grain code, continuations included,
/// runs on the activation's exclusive scheduler, so two pieces never run at the same moment.
/// </summary>
internal sealed partial class GrainActivation
{
    /// <summary>How often a call that lost a version race is reloaded and run again before its caller sees the conflict.</summary>
    internal const int MaxConflictRetries = 32;

    private readonly Channel<WorkItem> _mailbox = Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskScheduler _scheduler = new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler;
    private readonly ActivationCatalog _catalog;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Func<GrainActivation, Grain> _createGrain;
    private readonly CancellationToken _killed;
    private int _interleavedRunning;
    private bool _deactivationRequested;
    private DeactivationReason _deactivationReason = DeactivationReason.Requested;
    private long _lastCallTimestamp;

    public GrainActivation(GrainId grainId, ActivationCatalog catalog, Func<GrainActivation, Grain> createGrain, TimeProvider timeProvider, ILogger logger, CancellationToken siloKilled)
    {
        GrainId = grainId;
        _catalog = catalog;
        _createGrain = createGrain;
        _timeProvider = timeProvider;
        _killed = siloKilled;
        _logger = logger;
        _lastCallTimestamp = timeProvider.GetTimestamp();
        Completion = Task.Run(RunMailboxAsync, CancellationToken.None);
    }

    public GrainId GrainId { get; }

    /// <summary>Ends when the activation is gone: deactivated, failed to activate, or killed with its silo.</summary>
    public Task Completion { get; }

    /// <summary>How long since the last call from a grain reference started.</summary>
    public TimeSpan IdleFor => _timeProvider.GetElapsedTime(Interlocked.Read(ref _lastCallTimestamp));

    /// <summary>Queues a turn; false when the activation no longer takes work and the caller must resolve a new one.</summary>
    public bool TryEnqueue(WorkItem item) => _mailbox.Writer.TryWrite(item);

    /// <summary>Queues the runtime's own work (stream delivery, timers) as a turn of this activation.</summary>
    public Task EnqueueAsync(Func<Task> work, bool interleave)
    {
        var item = new WorkItem<bool>(async _ => { await work(); return true; }, interleave, isCall: false);
        return TryEnqueue(item) ? item.Completion : Task.CompletedTask;
    }

    public void RequestDeactivation() => RequestDeactivation(DeactivationReason.Requested);

    private void RequestDeactivation(DeactivationReason reason)
    {
        _deactivationReason = reason;
        _deactivationRequested = true;
    }

    /// <summary>Queues a check that deactivates the activation if it is still idle and collectable when the check runs.</summary>
    public void RequestCollection(TimeSpan age) =>
        TryEnqueue(new WorkItem<bool>(grain =>
        {
            if (IdleFor >= age && grain.CanBeCollected && Volatile.Read(ref _interleavedRunning) == 0)
            {
                RequestDeactivation(DeactivationReason.Idle);
            }
            return Task.FromResult(true);
        }, interleave: false, isCall: false));

    /// <summary>Queues a graceful deactivation (silo shutdown).</summary>
    public Task DeactivateAsync()
    {
        var item = new WorkItem<bool>(_ => { RequestDeactivation(DeactivationReason.SiloShutdown); return Task.FromResult(true); }, interleave: false, isCall: false);
        return TryEnqueue(item) ? Completion : Task.CompletedTask;
    }

    /// <summary>Stops the activation with its silo (which cancelled the token): no deactivation code runs, queued calls fail.</summary>
    public void Kill() => _mailbox.Writer.TryComplete();

    private async Task RunMailboxAsync()
    {
        Grain grain;
        try
        {
            grain = _createGrain(this);
            await RunOnSchedulerAsync(() => grain.OnActivateAsync(_killed));
        }
        catch (Exception exception)
        {
            LogActivationFailed(_logger, GrainId, exception);
            _catalog.Remove(this);
            _mailbox.Writer.TryComplete();
            await foreach (var item in _mailbox.Reader.ReadAllAsync())
            {
                item.Fail(exception);
            }
            return;
        }

        var reader = _mailbox.Reader;
        while (!_deactivationRequested && await reader.WaitToReadAsync())
        {
            while (!_deactivationRequested && reader.TryRead(out var item))
            {
                if (_killed.IsCancellationRequested)
                {
                    item.Fail(new SiloUnavailableException(GrainId));
                    continue;
                }
                // Idle time counts from a call's start: a running call cannot be collected anyway (the
                // collection check is a turn of its own), and its caller may move a fake clock once it returns.
                if (item.IsCall)
                {
                    Interlocked.Exchange(ref _lastCallTimestamp, _timeProvider.GetTimestamp());
                }
                if (item.Interleave)
                {
                    Interlocked.Increment(ref _interleavedRunning);
                    _ = RunInterleavedAsync(grain, item);
                }
                else
                {
                    await RunOnSchedulerAsync(() => RunTurnAsync(grain, item));
                }
            }
        }

        if (_killed.IsCancellationRequested)
        {
            FailQueued(new SiloUnavailableException(GrainId));
            return;
        }
        await DeactivateCoreAsync(grain);
    }

    private async Task DeactivateCoreAsync(Grain grain)
    {
        // Leave the catalog first, so that new calls create a fresh activation instead of queueing here.
        _catalog.Remove(this);
        _mailbox.Writer.TryComplete();
        while (Volatile.Read(ref _interleavedRunning) > 0)
        {
            await Task.Delay(1);
        }
        try
        {
            await RunOnSchedulerAsync(() => grain.OnDeactivateAsync(_deactivationReason, _killed));
        }
        catch (Exception exception)
        {
            LogDeactivationFailed(_logger, GrainId, exception);
        }
        // Calls that were queued behind the deactivation go to the grain's next activation;
        // the runtime's own work belonged to this one and goes with it.
        while (_mailbox.Reader.TryRead(out var item))
        {
            if (item.IsCall)
            {
                _catalog.Dispatch(GrainId, item);
            }
            else
            {
                item.Fail(new SiloUnavailableException(GrainId));
            }
        }
    }

    private void FailQueued(Exception exception)
    {
        _mailbox.Writer.TryComplete();
        while (_mailbox.Reader.TryRead(out var item))
        {
            item.Fail(exception);
        }
    }

    private async Task RunInterleavedAsync(Grain grain, WorkItem item)
    {
        try
        {
            await RunOnSchedulerAsync(() => RunTurnAsync(grain, item));
        }
        finally
        {
            Interlocked.Decrement(ref _interleavedRunning);
        }
    }

    private async Task RunTurnAsync(Grain grain, WorkItem item)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await item.RunAsync(grain);
                return;
            }
            catch (VersionConflictException conflict) when (attempt >= MaxConflictRetries)
            {
                item.Fail(conflict);
                return;
            }
            catch (VersionConflictException)
            {
                try
                {
                    await grain.OnVersionConflictAsync(_killed);
                }
                catch (Exception exception)
                {
                    item.Fail(exception);
                    return;
                }
            }
            catch (Exception exception)
            {
                // RunAsync completes its caller itself; anything left here is a fault of the runtime.
                item.Fail(exception);
                return;
            }
        }
    }

    private Task RunOnSchedulerAsync(Func<Task> turn) =>
        Task.Factory.StartNew(turn, CancellationToken.None, TaskCreationOptions.DenyChildAttach, _scheduler).Unwrap();
}
