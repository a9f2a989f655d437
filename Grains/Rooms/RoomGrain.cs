using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Streams;
using OrleansChat.Grains.Storage;
using OrleansChat.Protocol;

namespace OrleansChat.Grains.Rooms;

/// <summary>
/// A room's single activation and sequencer. Changes (joins, leaves, sends, renames, dead front ends) queue up and
/// are committed in order, many per log append under load; a change is answered only once its append is durable,
/// and the events are published on the room's stream after that, in seq order. A failed append refuses every change
/// it carried: nothing refused is committed later.
/// </summary>
/// <remarks>
/// Reentrant: calls interleave at their awaits, so sends queue up while an append is in flight (that is the group
/// commit). All state changes happen in the commit loop, between its awaits, on the grain's scheduler.
/// </remarks>
[GrainType("room"), Reentrant]
internal sealed partial class RoomGrain(
    IRoomLogStore store,
    IClusterMembershipService membership,
    IOptions<RoomOptions> options,
    RoomMetrics metrics,
    TimeProvider timeProvider,
    ILogger<RoomGrain> logger) : Grain, IRoomGrain
{
    /// <summary>Events read from the log per store call when a reply needs more.</summary>
    private const int ReadPageSize = 1000;

    /// <summary>How long the directory may go without hearing of messages committed here.</summary>
    private static readonly TimeSpan ActivityReportDelay = TimeSpan.FromSeconds(1);

    private readonly Queue<RoomChange> _pending = new();
    private readonly int _maxAppendBatch = options.Value.MaxAppendBatch;
    private readonly List<RoomEvent> _unpublished = [];
    private RoomPresence _presence = RoomPresence.Empty;
    private long _seq;
    private IAsyncStream<RoomEventBatch> _stream = null!;
    private bool _committing;
    private string? _unpublishedTraceParent;
    private bool _publishing;
    private bool _headUncertain;
    private bool _reporting;
    private bool _listed;
    private bool _reportAgain;
    private IGrainTimer? _activityReport;
    private bool _activityReportDue;

    private string Room => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_seq, _presence) = await store.ReadHeadAsync(Room, cancellationToken);
        _stream = this.GetStreamProvider(ChatStreams.ProviderName).GetStream<RoomEventBatch>(ChatStreams.ForRoom(Room));
        // An activation that replaces one lost with its silo may hold presence of front ends that died with it.
        foreach (var frontEnd in _presence.FrontEnds())
        {
            if (FrontEnds.IsDead(membership, frontEnd))
            {
                _ = RemoveFrontEndAsync(frontEnd);
            }
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_activityReportDue)
        {
            _activityReportDue = false;
            await ReportToDirectory();
        }
    }

    public async Task<RoomSnapshot> JoinAsync(RoomJoin join)
    {
        await EnqueueAsync(new RoomChange.Join(join.FrontEnd, join.User));
        // Taken in the turn the join's commit completed in, so the members are exactly those at this seq.
        var seq = _seq;
        var members = _presence.Users();
        if (join.After is not { } after)
        {
            return new RoomSnapshot(Room, seq, members, await store.ReadBeforeAsync(Room, seq + 1, join.Recent), Recovered: true);
        }
        var events = await ReadAfterAsync(after, seq);
        // Behind the log's start some events were trimmed; ahead of the room's seq the client saw events this room
        // no longer has (a store that was reset). Either way the client must show a gap.
        var recovered = after == seq || after < seq && events.Count > 0 && events[0].Seq == after + 1;
        return new RoomSnapshot(Room, seq, members, events, recovered);
    }

    public Task LeaveAsync(string frontEnd, string userId) => EnqueueAsync(new RoomChange.Leave(frontEnd, userId));

    public Task<long> SendAsync(ChatUser user, string text) => EnqueueAsync(new RoomChange.Send(user, text));

    public Task RenameMemberAsync(ChatUser user) => EnqueueAsync(new RoomChange.Rename(user));

    public Task RemoveFrontEndAsync(string frontEnd) => EnqueueAsync(new RoomChange.RemoveFrontEnd(frontEnd));

    public Task<IReadOnlyList<RoomEvent>> GetHistoryAsync(long before, int limit) =>
        store.ReadBeforeAsync(Room, Math.Min(before, _seq + 1), limit);

    public Task<IReadOnlyList<RoomEvent>> GetEventsAfterAsync(long after, long upTo) => ReadAfterAsync(after, Math.Min(upTo, _seq));

    public Task<RoomSummary> GetSummaryAsync() => Task.FromResult(new RoomSummary(Room, _presence.Members.Count, _seq));

    public Task<RoomMembers> GetMembersAsync() => Task.FromResult(new RoomMembers(Room, _seq, _presence.Users()));

    private Task<long> EnqueueAsync(RoomChange change)
    {
        _pending.Enqueue(change);
        if (!_committing)
        {
            _committing = true;
            _ = CommitLoopAsync();
        }
        return change.Task;
    }

    private async Task CommitLoopAsync()
    {
        // The loop outlives the call that started it and commits for many callers: it runs in no caller's trace or
        // request context (each commit's span takes its parent and links from the changes it carries).
        Activity.Current = null;
        RequestContext.Clear();
        try
        {
            while (_pending.Count > 0)
            {
                await CommitNextAsync();
            }
        }
        finally
        {
            _committing = false;
        }
    }

    /// <summary>Commits the changes queued now (up to the batch size) in one append, answers them, then publishes.</summary>
    private async Task CommitNextAsync()
    {
        var batch = new List<RoomChange>(Math.Min(_pending.Count, _maxAppendBatch));
        try
        {
            if (_headUncertain)
            {
                // The last append failed without an answer (a timeout): it may have landed. Start from what the store has.
                (_seq, _presence) = await store.ReadHeadAsync(Room);
                _headUncertain = false;
            }
        }
        catch (Exception exception)
        {
            while (batch.Count < _maxAppendBatch && _pending.TryDequeue(out var change))
            {
                change.TrySetException(exception);
            }
            return;
        }

        var commit = new RoomCommit(Room, _seq, timeProvider.GetUtcNow());
        var presence = _presence;
        var seqs = new List<long>(batch.Capacity);
        while (batch.Count < _maxAppendBatch && _pending.TryDequeue(out var change))
        {
            try
            {
                presence = change.Apply(presence, commit);
            }
            catch (Exception exception)
            {
                change.TrySetException(exception);
                continue;
            }
            batch.Add(change);
            seqs.Add(commit.LastSeq);
        }
        var presenceChanged = !ReferenceEquals(presence, _presence);
        var writes = commit.Events.Count > 0 || presenceChanged;
        // The commit's span, from the append until its events are handed to the publisher; its stream item carries it
        // to the room feeds.
        using var span = writes ? RoomTracing.StartCommit(Room, batch) : null;
        commit.TraceParent = span?.Id;
        if (writes)
        {
            var started = timeProvider.GetTimestamp();
            try
            {
                await store.AppendAsync(Room, new RoomAppend(_seq, commit.Events, presenceChanged ? presence : null));
            }
            catch (Exception exception)
            {
                RoomTracing.Failed(span, exception);
                OnAppendFailed(batch, exception);
                return;
            }
            finally
            {
                metrics.Committed(batch.Count, timeProvider.GetElapsedTime(started));
            }
            var frontEndsChanged = presenceChanged && !_presence.FrontEnds().SequenceEqual(presence.FrontEnds());
            _seq = commit.LastSeq;
            _presence = presence;
            if ((!_listed || frontEndsChanged) && !_reporting)
            {
                // Before the reply: a room joined is listed once its join is answered, and the reaper knows every
                // front end holding presence before that front end's users are told they are in.
                _reporting = true;
                await ReportLoopAsync();
            }
        }
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].TrySetResult(seqs[i]);
        }
        if (commit.Events.Count > 0)
        {
            Publish(commit.Events, commit.TraceParent);
        }
        if (presenceChanged)
        {
            _ = ReportToDirectory();
        }
        else if (commit.Events.Count > 0)
        {
            ReportActivityLater();
        }
    }

    private void OnAppendFailed(List<RoomChange> batch, Exception exception)
    {
        if (exception is RoomLogConflictException)
        {
            // Another activation wrote to this room's log (a membership change placed the room twice for a moment):
            // this one is stale. Refuse, and let the next call find the room afresh.
            LogConflict(logger, Room, exception);
            exception = new StoreUnavailableException($"Room '{Room}' moved; try again.", exception);
            DeactivateOnIdle();
        }
        else
        {
            _headUncertain = true;
        }
        foreach (var change in batch)
        {
            change.TrySetException(exception);
        }
    }

    /// <summary>
    /// Queues committed events for the room's stream. One stream item is in flight at a time, so items go out in seq
    /// order; what is committed meanwhile goes out together in the next one. Under load a room then publishes (and
    /// its feeds receive) a stream item per publish round trip rather than one per commit.
    /// </summary>
    private void Publish(List<RoomEvent> events, string? traceParent)
    {
        _unpublished.AddRange(events);
        // An item that carries several commits continues the first one's trace.
        _unpublishedTraceParent ??= traceParent;
        if (!_publishing)
        {
            _publishing = true;
            _ = PublishLoopAsync();
        }
    }

    private async Task PublishLoopAsync()
    {
        try
        {
            while (_unpublished.Count > 0)
            {
                var events = _unpublished.ToList();
                var traceParent = _unpublishedTraceParent;
                _unpublished.Clear();
                _unpublishedTraceParent = null;
                try
                {
                    await _stream.OnNextAsync(new RoomEventBatch(events, traceParent));
                }
                catch (Exception exception)
                {
                    // The events are durable: room feeds fill the gap from the log when the next item reaches them.
                    LogPublishFailed(logger, Room, events[0].Seq, exception);
                }
            }
        }
        finally
        {
            _publishing = false;
        }
    }

    /// <summary>
    /// Tells the directory how the room stands; at most one report in flight, the latest state wins. The task ends
    /// with the report this call started, at once when one was in flight (it reports again when done).
    /// </summary>
    private Task ReportToDirectory()
    {
        if (_reporting)
        {
            _reportAgain = true;
            return Task.CompletedTask;
        }
        _reporting = true;
        return ReportLoopAsync();
    }

    /// <summary>
    /// Messages move only the room's seq and activity: the directory hears of them within <see cref="ActivityReportDelay"/>,
    /// in one report however many commits there were, rather than in a call per commit to the one directory grain.
    /// </summary>
    private void ReportActivityLater()
    {
        if (_activityReportDue)
        {
            return;
        }
        _activityReportDue = true;
        if (_activityReport is null)
        {
            _activityReport = this.RegisterGrainTimer(ReportActivity, new GrainTimerCreationOptions(ActivityReportDelay, Timeout.InfiniteTimeSpan) { Interleave = true });
        }
        else
        {
            _activityReport.Change(ActivityReportDelay, Timeout.InfiniteTimeSpan);
        }
    }

    private Task ReportActivity(CancellationToken cancellationToken)
    {
        _activityReportDue = false;
        return ReportToDirectory();
    }

    private async Task ReportLoopAsync()
    {
        var directory = GrainFactory.GetGrain<IRoomDirectoryGrain>(0);
        try
        {
            do
            {
                _reportAgain = false;
                try
                {
                    await directory.ReportAsync(new RoomSummary(Room, _presence.Members.Count, _seq), _presence.FrontEnds());
                    _listed = true;
                }
                catch (Exception exception)
                {
                    LogReportFailed(logger, Room, exception);
                }
            }
            while (_reportAgain);
        }
        finally
        {
            _reporting = false;
        }
    }

    /// <summary>Events in (<paramref name="after"/>, <paramref name="upTo"/>], read a page at a time.</summary>
    private async Task<IReadOnlyList<RoomEvent>> ReadAfterAsync(long after, long upTo)
    {
        var first = await store.ReadAfterAsync(Room, after, upTo, ReadPageSize);
        if (first.Count < ReadPageSize)
        {
            return first;
        }
        var events = new List<RoomEvent>(first);
        while (events[^1].Seq < upTo)
        {
            var page = await store.ReadAfterAsync(Room, events[^1].Seq, upTo, ReadPageSize);
            if (page.Count == 0)
            {
                break;
            }
            events.AddRange(page);
        }
        return events;
    }
}
