using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Hosting;
using OrleansChat.Runtime.Storage;

namespace OrleansChat.Runtime.EventSourcing;

/// <summary>
/// A grain with event-sourced, versioned state, in the spirit of Orleans' JournaledGrain.
/// <list type="bullet">
/// <item><see cref="CommitAsync"/> changes state and appends events in one atomic, version-checked store operation;
/// a conflict makes the runtime reload the state and run the call again.</item>
/// <item><see cref="AppendAsync"/> appends an event that changes no state, batched with other appends under load.</item>
/// <item>With <see cref="FollowsStream"/>, the activation folds every event of its log into <see cref="OnEvent"/>
/// exactly once and in seq order, whichever silo committed it: duplicates are dropped, gaps are read back from the log.</item>
/// </list>
/// Grain code here must keep to the activation's scheduler (no ConfigureAwait(false)), like any grain code.
/// </summary>
public abstract class JournaledGrain<TState, TEvent> : Grain
    where TState : class, new()
    where TEvent : class
{
    private const int CatchUpPageSize = 1000;
    private IGrainStorage? _storage;
    private EventAppender? _appender;
    private IAsyncDisposable? _subscription;

    /// <summary>The durable state as of <see cref="Version"/>.</summary>
    protected TState State { get; private set; } = new();

    /// <summary>The version of <see cref="State"/> in the store.</summary>
    protected long Version { get; private set; }

    /// <summary>The seq of the last event folded into this activation.</summary>
    protected long Position { get; private set; }

    protected abstract JsonTypeInfo<TState> StateTypeInfo { get; }

    protected abstract JsonTypeInfo<TEvent> EventTypeInfo { get; }

    /// <summary>Whether this activation subscribes to its own stream and folds every event.</summary>
    protected virtual bool FollowsStream => false;

    protected IGrainStorage Storage => _storage ??= Context.Services.GetRequiredService<IGrainStorage>();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Subscribe before reading, so that nothing committed in between is missed: events at or below
        // the snapshot's seq are dropped as duplicates, later ones queue behind this turn.
        if (FollowsStream)
        {
            _subscription = await Context.Streams.SubscribeAsync(GrainId, new StreamObserver(this), cancellationToken);
        }
        var snapshot = await ReloadAsync(cancellationToken);
        Position = snapshot.LastSeq;
        OnStateLoaded();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_subscription is not null)
        {
            await _subscription.DisposeAsync();
            _subscription = null;
        }
    }

    public override async Task OnVersionConflictAsync(CancellationToken cancellationToken) => await ReloadAsync(cancellationToken);

    /// <summary>Reads the durable state again, for a grain whose state other silos may change while it stays active.</summary>
    protected Task RefreshStateAsync() => ReloadAsync(CancellationToken.None);

    /// <summary>Called once after activation, with <see cref="State"/> and <see cref="Position"/> read together.</summary>
    protected virtual void OnStateLoaded()
    {
    }

    /// <summary>Folds one event; called for every seq in order, once.</summary>
    protected abstract void OnEvent(long seq, TEvent loggedEvent);

    /// <summary>
    /// Commits <paramref name="newState"/> and <paramref name="events"/> if the store is still at <see cref="Version"/>
    /// (else throws <see cref="VersionConflictException"/>, and the runtime retries the call on fresh state).
    /// Returns the seq of the last event, folded before this returns.
    /// </summary>
    protected async Task<long> CommitAsync(TState newState, IReadOnlyList<TEvent> events)
    {
        var data = new List<byte[]>(events.Count);
        foreach (var item in events)
        {
            data.Add(JsonSerializer.SerializeToUtf8Bytes(item, EventTypeInfo));
        }
        var request = new CommitRequest(Version, JsonSerializer.SerializeToUtf8Bytes(newState, StateTypeInfo), data);
        var result = await Storage.CommitAsync(GrainId, request);
        if (result.Conflict)
        {
            throw new VersionConflictException(GrainId, Version);
        }
        State = newState;
        Version = result.Version;
        if (FollowsStream && events.Count > 0)
        {
            await CatchUpAsync(result.FirstSeq - 1);
            for (var i = 0; i < events.Count; i++)
            {
                if (result.FirstSeq + i > Position)
                {
                    Fold(result.FirstSeq + i, events[i]);
                }
            }
        }
        return result.FirstSeq + events.Count - 1;
    }

    /// <summary>Appends an event that changes no state; completes with its seq once committed. Batched under load.</summary>
    protected Task<long> AppendAsync(TEvent appended)
    {
        _appender ??= new EventAppender(Storage, GrainId, Context.Services.GetRequiredService<IOptions<SiloOptions>>().Value.MaxAppendBatch);
        return _appender.AppendAsync(JsonSerializer.SerializeToUtf8Bytes(appended, EventTypeInfo));
    }

    /// <summary>Reads the stored form of an event back.</summary>
    protected TEvent DecodeEvent(LoggedEvent loggedEvent) =>
        JsonSerializer.Deserialize(loggedEvent.Data, EventTypeInfo)
        ?? throw new InvalidDataException($"Event {loggedEvent.Seq} of {GrainId} is empty.");

    /// <summary>Folds every logged event up to <paramref name="seq"/> that this activation has not folded yet.</summary>
    protected async Task CatchUpAsync(long seq)
    {
        await foreach (var loggedEvent in ReadLogAsync(Position, seq))
        {
            Fold(loggedEvent.Seq, DecodeEvent(loggedEvent));
        }
    }

    /// <summary>
    /// The retained events with seq above <paramref name="afterSeq"/> and at most <paramref name="upToSeq"/>, oldest
    /// first, read in pages. Events trimmed from the log are skipped: the sequence resumes at the oldest one kept.
    /// </summary>
    protected async IAsyncEnumerable<LoggedEvent> ReadLogAsync(long afterSeq, long upToSeq)
    {
        while (afterSeq < upToSeq)
        {
            var page = await Storage.ReadEventsAfterAsync(GrainId, afterSeq, (int)Math.Min(upToSeq - afterSeq, CatchUpPageSize));
            if (page.Count == 0)
            {
                yield break;
            }
            foreach (var loggedEvent in page)
            {
                if (loggedEvent.Seq > afterSeq && loggedEvent.Seq <= upToSeq)
                {
                    yield return loggedEvent;
                }
            }
            afterSeq = Math.Max(afterSeq, page[^1].Seq);
        }
    }

    private async Task<GrainSnapshot> ReloadAsync(CancellationToken cancellationToken)
    {
        var snapshot = await Storage.ReadAsync(GrainId, cancellationToken);
        State = snapshot.State is null ? new TState() : JsonSerializer.Deserialize(snapshot.State, StateTypeInfo) ?? new TState();
        Version = snapshot.Version;
        return snapshot;
    }

    private void Fold(long seq, TEvent foldedEvent)
    {
        Position = seq;
        OnEvent(seq, foldedEvent);
    }

    private async Task DeliverAsync(LoggedEvent delivered)
    {
        if (delivered.Seq <= Position)
        {
            return;
        }
        await CatchUpAsync(delivered.Seq - 1);
        if (delivered.Seq > Position)
        {
            Fold(delivered.Seq, DecodeEvent(delivered));
        }
    }

    private async Task ResyncAsync()
    {
        var snapshot = await Storage.ReadAsync(GrainId);
        await CatchUpAsync(snapshot.LastSeq);
    }

    /// <summary>Turns stream deliveries into turns of the activation, where the fold happens.</summary>
    private sealed class StreamObserver(JournaledGrain<TState, TEvent> grain) : Streams.IStreamObserver
    {
        public void OnNext(LoggedEvent loggedEvent) =>
            _ = grain.Context.Activation.EnqueueAsync(() => grain.DeliverAsync(loggedEvent), interleave: false);

        public void OnResync() =>
            _ = grain.Context.Activation.EnqueueAsync(grain.ResyncAsync, interleave: false);
    }
}
