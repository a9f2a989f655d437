using System.Text.Json;
using Orleans.Streams;
using OrleansChat.Grains;
using OrleansChat.Protocol;
using OrleansChat.WebFront.Errors;
using OrleansChat.WebFront.Telemetry;

namespace OrleansChat.WebFront.Feeds;

/// <summary>
/// A room's events on this front end: one subscription to the room's stream for every local connection in the
/// room. It puts events in seq order, drops duplicates, fills gaps from the room's log, serializes each event
/// once and hands the same bytes to every attached connection's queue. It also keeps the room's presence from
/// this front end: a join call for every connection, a leave call when a user's last local connection goes,
/// never two calls of one user at once.
/// </summary>
/// <remarks>
/// The feed's position (the last seq it forwarded) starts from the first join snapshot it sees; events that
/// arrive before it are kept in order until then. Invariant: every attached member has received, held or is
/// about to be sent by its join every event above its floor and up to the position, exactly once.
/// </remarks>
internal sealed partial class RoomFeed : IAsyncObserver<RoomEventBatch>
{
    /// <summary>How long to wait before each new try at a gap fill that failed; after the last, the gap is skipped.</summary>
    private static readonly TimeSpan[] FillRetryDelays =
        [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    /// <summary>How long to wait before each new try at a leave or rejoin that found the room unreachable (about half a minute in all).</summary>
    private static readonly TimeSpan[] PresenceRetryDelays =
        [TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4),
         TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(8)];

    /// <summary>How long to wait after each failed tail catch-up (the room may be reactivating elsewhere).</summary>
    private static readonly TimeSpan[] TailRetryDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)];

    private readonly RoomFeeds _owner;
    private readonly IRoomGrain _grain;
    private readonly Lock _lock = new();
    private readonly List<FeedMember> _members = [];
    private readonly Dictionary<string, UserPresence> _users = new(StringComparer.Ordinal);

    /// <summary>Events above the position that cannot be forwarded yet (a gap before them, or no position yet).</summary>
    private readonly SortedList<long, RoomFrame> _pending = [];
    private long? _position;
    private int _callsInFlight;
    private bool _filling;
    private bool _closed;
    private Task? _subscribing;
    private StreamSubscriptionHandle<RoomEventBatch>? _subscription;

    internal RoomFeed(RoomFeeds owner, IRoomGrain grain, string room)
    {
        _owner = owner;
        _grain = grain;
        Room = room;
    }

    public string Room { get; }

    /// <summary>Connections attached now (tests and metrics).</summary>
    public int MemberCount
    {
        get
        {
            lock (_lock)
            {
                return _members.Count;
            }
        }
    }

    /// <summary>Attaches a connection, holding its events until its join completes; null when the feed has closed.</summary>
    internal FeedMember? TryAttach(IFrameSink sink, string userId)
    {
        lock (_lock)
        {
            if (_closed)
            {
                return null;
            }
            var member = new FeedMember(this, sink, userId) { HeldAfter = _position };
            _members.Add(member);
            if (!_users.TryGetValue(userId, out var user))
            {
                user = new UserPresence();
                _users[userId] = user;
            }
            user.Connections++;
            return member;
        }
    }

    /// <summary>Subscribes to the room's stream once; every attach awaits it before its join's grain call.</summary>
    internal Task SubscribedAsync()
    {
        lock (_lock)
        {
            return _subscribing ??= Task.Run(SubscribeAsync);
        }
    }

    /// <summary>The subscription failed: the member goes without any grain call, and the feed closes so that the next join starts afresh.</summary>
    internal void AbandonAttach(FeedMember member)
    {
        lock (_lock)
        {
            member.Detached = true;
            _members.Remove(member);
            var user = _users[member.UserId];
            user.Connections--;
            ForgetUserIfIdleLocked(member.UserId, user);
            if (!_closed)
            {
                _closed = true;
                _owner.Remove(this);
            }
        }
    }

    internal async Task<RoomSnapshot> JoinAsync(FeedMember member, RoomJoin join)
    {
        Task<RoomSnapshot> call;
        lock (_lock)
        {
            _callsInFlight++;
            call = _users[member.UserId].Enqueue(() => _grain.JoinAsync(join));
        }
        try
        {
            return await call.ConfigureAwait(false);
        }
        finally
        {
            EndCall(member.UserId);
        }
    }

    internal void Hold(FeedMember member)
    {
        lock (_lock)
        {
            member.Holding = true;
        }
    }

    internal void Resume(FeedMember member)
    {
        lock (_lock)
        {
            if (member.Detached || !member.Holding)
            {
                return;
            }
            foreach (var held in member.Held)
            {
                member.Sink.Enqueue(held.Json);
            }
            GoLiveLocked(member, member.Floor);
        }
    }

    /// <summary>
    /// Reads what the room committed beyond what the member has (the stream is still bringing it) and queues it
    /// for the member alone, raising its floor so that the feed does not forward those events to it again.
    /// A failed read is left to the leave that follows: those events were only in flight.
    /// </summary>
    internal async Task DeliverCommittedAsync(FeedMember member)
    {
        long has;
        lock (_lock)
        {
            if (member.Detached || member.Holding || _position is null)
            {
                return;
            }
            has = Math.Max(_position.Value, member.Floor);
        }
        IReadOnlyList<RoomEvent> events;
        try
        {
            events = await _grain.GetEventsAfterAsync(has, long.MaxValue).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            LogDeliverCommittedFailed(_owner.Logger, Room, exception.Message);
            return;
        }
        var frames = new RoomFrame[events.Count];
        for (var i = 0; i < frames.Length; i++)
        {
            frames[i] = Serialize(events[i]);
        }
        lock (_lock)
        {
            if (member.Detached || member.Holding)
            {
                return;
            }
            // The feed may have forwarded some of them meanwhile.
            var sent = Math.Max(_position!.Value, member.Floor);
            foreach (var frame in frames)
            {
                if (frame.Seq > sent)
                {
                    member.Sink.Enqueue(frame.Json);
                    sent = frame.Seq;
                }
            }
            member.Floor = sent;
        }
    }

    internal async Task CompleteJoinAsync(FeedMember member, long seq, byte[] reply)
    {
        long heldAfter;
        lock (_lock)
        {
            if (member.Detached)
            {
                return;
            }
            if (_position is null)
            {
                StartLocked(seq);
            }
            if (member.Joined)
            {
                // A re-join: the connection has every event up to its floor or to where its hold began, whichever
                // is later, and holds the ones the feed forwarded since, up to its position. The events up to the
                // new seq go out before the reply, the rest after it. When the feed is behind the room, those between
                // its position and the new seq have not reached it yet (and would be dropped as at or below the
                // reply): they are read from the log.
                var has = Math.Max(_position!.Value, member.Floor);
                if (has < seq)
                {
                    heldAfter = has;
                }
                else
                {
                    SendHeldUpToLocked(member, seq);
                    SendReplyAndHeldLocked(member, seq, reply);
                    return;
                }
            }
            else
            {
                heldAfter = member.HeldAfter!.Value;
                if (seq >= heldAfter)
                {
                    SendReplyAndHeldLocked(member, seq, reply);
                    return;
                }
            }
        }
        if (member.Joined)
        {
            await CatchUpRejoinAsync(member, heldAfter, seq, reply).ConfigureAwait(false);
            return;
        }
        // The feed's position came from another connection's later snapshot: the events between this
        // snapshot and the start of what was held were forwarded before this member held anything.
        await CatchUpAsync(member, seq, heldAfter, reply).ConfigureAwait(false);
    }

    /// <summary>
    /// Detaches a connection; when it was its user's last local connection in the room, the user's leave is
    /// chained after its other presence calls, and the task ends with its first attempt. A leave that finds the
    /// room unreachable (its silo just died) is tried again in the background until it commits, or until the
    /// user has a connection in the room again: a presence left behind would keep the user a member for good.
    /// </summary>
    internal Task DetachAsync(FeedMember member)
    {
        var firstAttempt = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (member.Detached)
            {
                return Task.CompletedTask;
            }
            member.Detached = true;
            member.Held.Clear();
            _members.Remove(member);
            var user = _users[member.UserId];
            if (--user.Connections > 0)
            {
                return Task.CompletedTask;
            }
            _callsInFlight++;
            var userId = member.UserId;
            var leave = user.Enqueue(() => LeaveUntilDoneAsync(user, userId, firstAttempt));
            _ = EndLeaveAsync(leave, userId);
        }
        return firstAttempt.Task;
    }

    /// <summary>
    /// Reads what the room committed after the feed's position and forwards it: after a silo died, events that
    /// were queued there are lost from the stream, and at the tail of a quiet room no later event would show the gap.
    /// </summary>
    internal async Task CatchUpTailAsync()
    {
        foreach (var delay in TailRetryDelays)
        {
            long after;
            lock (_lock)
            {
                if (_closed || _position is null)
                {
                    return;
                }
                after = _position.Value;
            }
            IReadOnlyList<RoomEvent> events;
            try
            {
                events = await _grain.GetEventsAfterAsync(after, long.MaxValue).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                LogTailRetry(_owner.Logger, Room, exception.Message);
                await Task.Delay(delay, _owner.TimeProvider).ConfigureAwait(false);
                continue;
            }
            _owner.Metrics.GapFilled(events.Count);
            Accept(events);
            return;
        }
    }

    /// <summary>Subscribes anew, drops the old subscription, then catches up on what was lost between them.</summary>
    internal async Task ResubscribeAsync()
    {
        StreamSubscriptionHandle<RoomEventBatch>? old;
        lock (_lock)
        {
            if (_closed || _subscription is null)
            {
                return;
            }
            old = _subscription;
        }
        try
        {
            var handle = await _owner.StreamFor(Room).SubscribeAsync(this).ConfigureAwait(false);
            lock (_lock)
            {
                _subscription = handle;
            }
            await old.UnsubscribeAsync().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // Duplicates from two subscriptions are dropped by seq; a failed resubscribe leaves the old one.
            LogResubscribeFailed(_owner.Logger, Room, exception);
        }
        await CatchUpTailAsync().ConfigureAwait(false);
    }

    /// <summary>Joins again, in each user's chain of presence calls, for every user with a connection here.</summary>
    internal void ReassertPresence()
    {
        lock (_lock)
        {
            foreach (var (userId, user) in _users)
            {
                if (user.Connections > 0)
                {
                    RejoinLocked(userId, user);
                }
            }
        }
    }

    private void RejoinLocked(string userId, UserPresence user)
    {
        _callsInFlight++;
        var call = user.Enqueue(() => RejoinUntilDoneAsync(user, userId));
        _ = EndLeaveAsync(call, userId);
    }

    /// <summary>
    /// Joins again until the room takes it: the room may be unreachable for a while (its silo frozen, or it is
    /// reactivating elsewhere), and a presence never reasserted would leave a connected user refused as not joined.
    /// Stops once the user has no connection here (its leave is chained after this).
    /// </summary>
    private async Task RejoinUntilDoneAsync(UserPresence user, string userId)
    {
        for (var attempt = 0; ; attempt++)
        {
            lock (_lock)
            {
                if (user.Connections == 0)
                {
                    return;
                }
            }
            try
            {
                // The user as it is now (a rename since its join is in its grain), with nothing to replay.
                if (await _owner.User(userId).GetAsync().ConfigureAwait(false) is { } current)
                {
                    await _grain.JoinAsync(new RoomJoin(_owner.FrontEndId, current, After: null, Recent: 0)).ConfigureAwait(false);
                }
                return;
            }
            catch (Exception exception) when (CommandErrors.CodeFor(exception) == ErrorCodes.Unavailable && attempt < PresenceRetryDelays.Length)
            {
                LogRejoinRetry(_owner.Logger, Room, userId, exception.Message);
                await Task.Delay(PresenceRetryDelays[attempt], _owner.TimeProvider).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                LogRejoinFailed(_owner.Logger, Room, userId, exception);
                return;
            }
        }
    }

    public Task OnNextAsync(RoomEventBatch item, StreamSequenceToken? token = null)
    {
        using var fanOut = ChatTracing.StartFanOut(Room, item);
        Accept(item.Events);
        return Task.CompletedTask;
    }

    private void Accept(IReadOnlyList<RoomEvent> events)
    {
        var frames = new RoomFrame[events.Count];
        for (var i = 0; i < frames.Length; i++)
        {
            frames[i] = Serialize(events[i]);
        }
        bool fill;
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }
            CloseMembersBehindLocked();
            foreach (var frame in frames)
            {
                AcceptLocked(frame);
            }
            fill = StartFillLocked();
        }
        if (fill)
        {
            _ = FillGapsAsync();
        }
    }

    public Task OnErrorAsync(Exception ex)
    {
        LogStreamError(_owner.Logger, Room, ex);
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    private async Task SubscribeAsync()
    {
        var handle = await _owner.StreamFor(Room).SubscribeAsync(this).ConfigureAwait(false);
        lock (_lock)
        {
            _subscription = handle;
        }
    }

    private async Task UnsubscribeAsync(Task subscribing)
    {
        try
        {
            await subscribing.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Never subscribed: nothing to undo (the attach that awaited it reported the failure).
            return;
        }
        StreamSubscriptionHandle<RoomEventBatch>? handle;
        lock (_lock)
        {
            handle = _subscription;
            _subscription = null;
        }
        if (handle is null)
        {
            return;
        }
        try
        {
            await handle.UnsubscribeAsync().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            LogUnsubscribeFailed(_owner.Logger, Room, exception);
        }
    }

    private async Task LeaveUntilDoneAsync(UserPresence user, string userId, TaskCompletionSource firstAttempt)
    {
        try
        {
            await _grain.LeaveAsync(_owner.FrontEndId, userId).ConfigureAwait(false);
            firstAttempt.TrySetResult();
            return;
        }
        catch (Exception exception)
        {
            firstAttempt.TrySetException(exception);
            if (CommandErrors.CodeFor(exception) != ErrorCodes.Unavailable)
            {
                return;
            }
        }
        foreach (var delay in PresenceRetryDelays)
        {
            await Task.Delay(delay, _owner.TimeProvider).ConfigureAwait(false);
            lock (_lock)
            {
                if (user.Connections > 0)
                {
                    // The user is back in the room here: its join, chained after this, keeps the presence.
                    return;
                }
            }
            try
            {
                await _grain.LeaveAsync(_owner.FrontEndId, userId).ConfigureAwait(false);
                LogLeaveRetried(_owner.Logger, Room, userId);
                return;
            }
            catch (Exception exception) when (CommandErrors.CodeFor(exception) == ErrorCodes.Unavailable)
            {
            }
            catch (Exception exception)
            {
                LogLeaveAbandoned(_owner.Logger, Room, userId, exception);
                return;
            }
        }
        LogLeaveAbandoned(_owner.Logger, Room, userId, null);
    }

    /// <summary>Ends a leave's or rejoin's bookkeeping; neither throws (a leave's caller saw its first attempt, a rejoin logs).</summary>
    private async Task EndLeaveAsync(Task leave, string userId)
    {
        await leave.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        EndCall(userId);
    }

    private void EndCall(string userId)
    {
        lock (_lock)
        {
            _callsInFlight--;
            if (_users.TryGetValue(userId, out var user))
            {
                ForgetUserIfIdleLocked(userId, user);
            }
            CloseIfIdleLocked();
        }
    }

    private void ForgetUserIfIdleLocked(string userId, UserPresence user)
    {
        if (user.Connections == 0 && user.Tail.IsCompleted)
        {
            _users.Remove(userId);
        }
    }

    /// <summary>No connection and no presence call left: unsubscribe; a later join makes a new feed.</summary>
    private void CloseIfIdleLocked()
    {
        if (_closed || _members.Count > 0 || _callsInFlight > 0)
        {
            return;
        }
        _closed = true;
        _pending.Clear();
        _owner.Remove(this);
        if (_subscribing is { } subscribing)
        {
            _ = UnsubscribeAsync(subscribing);
        }
    }

    /// <summary>The first snapshot gives the feed its position; members that attached before it hold from there.</summary>
    private void StartLocked(long seq)
    {
        _position = seq;
        foreach (var member in _members)
        {
            if (member.Holding && member.HeldAfter is null)
            {
                member.HeldAfter = seq;
            }
        }
        DrainPendingLocked();
        if (StartFillLocked())
        {
            _ = FillGapsAsync();
        }
    }

    private static void SendReplyAndHeldLocked(FeedMember member, long seq, byte[] reply)
    {
        member.Sink.Enqueue(reply);
        foreach (var held in member.Held)
        {
            if (held.Seq > seq)
            {
                member.Sink.Enqueue(held.Json);
            }
        }
        GoLiveLocked(member, seq);
    }

    private static void GoLiveLocked(FeedMember member, long floor)
    {
        member.Held.Clear();
        member.Holding = false;
        member.Joined = true;
        member.Floor = floor;
    }

    private static void SendHeldUpToLocked(FeedMember member, long seq)
    {
        foreach (var held in member.Held)
        {
            if (held.Seq <= seq)
            {
                member.Sink.Enqueue(held.Json);
            }
        }
    }

    /// <summary>
    /// A re-join whose reply (at <paramref name="seq"/>) is ahead of what the connection has or holds, every event up
    /// to <paramref name="has"/>: it gets what it holds, then the events the feed has not forwarded yet up to the
    /// reply's seq, read from the log, then the reply, then what it holds above the reply's seq.
    /// </summary>
    private async Task CatchUpRejoinAsync(FeedMember member, long has, long seq, byte[] reply)
    {
        if (await ReadForMemberAsync(member, has, seq).ConfigureAwait(false) is not { } frames)
        {
            return;
        }
        lock (_lock)
        {
            if (member.Detached)
            {
                return;
            }
            // The held events run in seq order from where the hold began (or the floor) up to the feed's position
            // now, which may have passed the one read from: the log's events go on from the last of them.
            var sent = has;
            foreach (var held in member.Held)
            {
                if (held.Seq <= seq)
                {
                    member.Sink.Enqueue(held.Json);
                    sent = Math.Max(sent, held.Seq);
                }
            }
            foreach (var frame in frames)
            {
                if (frame.Seq > sent && frame.Seq <= seq)
                {
                    member.Sink.Enqueue(frame.Json);
                }
            }
            SendReplyAndHeldLocked(member, seq, reply);
        }
    }

    /// <summary>
    /// The events in (<paramref name="after"/>, <paramref name="upTo"/>] from the room's log, serialized, for a member
    /// that needs them before its reply; null when they cannot be read, and then the member is closed (without them
    /// its stream would have a hole: it reconnects with 'after').
    /// </summary>
    private async Task<RoomFrame[]?> ReadForMemberAsync(FeedMember member, long after, long upTo)
    {
        IReadOnlyList<RoomEvent> missing;
        try
        {
            missing = await _grain.GetEventsAfterAsync(after, upTo).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            LogCatchUpFailed(_owner.Logger, Room, after, upTo, exception);
            lock (_lock)
            {
                if (!member.Detached)
                {
                    member.Sink.CloseInternalError();
                }
            }
            return null;
        }
        var frames = new RoomFrame[missing.Count];
        for (var i = 0; i < frames.Length; i++)
        {
            frames[i] = Serialize(missing[i]);
        }
        return frames;
    }

    private async Task CatchUpAsync(FeedMember member, long seq, long heldAfter, byte[] reply)
    {
        if (await ReadForMemberAsync(member, seq, heldAfter).ConfigureAwait(false) is not { } frames)
        {
            return;
        }
        lock (_lock)
        {
            if (member.Detached)
            {
                return;
            }
            member.Sink.Enqueue(reply);
            foreach (var frame in frames)
            {
                if (frame.Seq > seq && frame.Seq <= heldAfter)
                {
                    member.Sink.Enqueue(frame.Json);
                }
            }
            foreach (var held in member.Held)
            {
                member.Sink.Enqueue(held.Json);
            }
            GoLiveLocked(member, seq);
        }
    }

    private void AcceptLocked(RoomFrame frame)
    {
        if (_position is not { } position)
        {
            _pending.TryAdd(frame.Seq, frame);
            return;
        }
        if (frame.Seq <= position)
        {
            return;
        }
        if (frame.Seq == position + 1)
        {
            DeliverLocked(frame);
            DrainPendingLocked();
            return;
        }
        _pending.TryAdd(frame.Seq, frame);
    }

    /// <summary>Forwards the pending events that now follow the position without a gap, and drops the stale ones.</summary>
    private void DrainPendingLocked()
    {
        while (_pending.Count > 0)
        {
            var seq = _pending.Keys[0];
            if (seq <= _position)
            {
                _pending.RemoveAt(0);
                continue;
            }
            if (seq != _position + 1)
            {
                return;
            }
            var frame = _pending.Values[0];
            _pending.RemoveAt(0);
            DeliverLocked(frame);
        }
    }

    /// <summary>
    /// Before a delivery: closes the live members whose queue is still full from the last ones. The delivery then
    /// goes to the others in whole, however many events it carries: a pull hands over everything the room committed
    /// since the last one at once, and a connection that reads is not slow for getting it in one go.
    /// </summary>
    private void CloseMembersBehindLocked()
    {
        foreach (var member in _members)
        {
            if (!member.Holding && member.Sink.IsBehind)
            {
                member.Sink.CloseSlowConsumer();
            }
        }
    }

    /// <summary>The fan-out: the same bytes to every member, held for those whose join is in flight.</summary>
    private void DeliverLocked(RoomFrame frame)
    {
        for (var i = 0; i < _members.Count; i++)
        {
            var member = _members[i];
            if (frame.Seq <= member.Floor)
            {
                // It has this one from its last reply (the feed can be behind the room): not again, live or held.
                continue;
            }
            if (member.Holding)
            {
                if (member.Held.Count < member.Sink.Capacity)
                {
                    member.Held.Add(frame);
                }
                else
                {
                    member.Sink.CloseSlowConsumer();
                }
            }
            else
            {
                member.Sink.Enqueue(frame.Json);
            }
        }
        _position = frame.Seq;
        if (frame.LeftUserId is { } userId && _users.TryGetValue(userId, out var user) && user.Connections > 0)
        {
            // The room let go of a user still connected here: this front end's presence was taken for dead (its
            // lease ran out while it was cut off from the registry). The user never left, so it joins again.
            RejoinLocked(userId, user);
        }
    }

    private bool StartFillLocked()
    {
        if (_filling || _closed || _position is null || _pending.Count == 0)
        {
            return false;
        }
        _filling = true;
        return true;
    }

    /// <summary>Fills the gaps before pending events from the room's log, one at a time, until none is left.</summary>
    private async Task FillGapsAsync()
    {
        var attempt = 0;
        while (true)
        {
            long after;
            long upTo;
            lock (_lock)
            {
                if (_closed || _position is null || _pending.Count == 0)
                {
                    _filling = false;
                    return;
                }
                after = _position.Value;
                upTo = _pending.Keys[0] - 1;
            }
            IReadOnlyList<RoomEvent> events;
            try
            {
                events = await _grain.GetEventsAfterAsync(after, upTo).ConfigureAwait(false);
                attempt = 0;
                _owner.Metrics.GapFilled(events.Count);
            }
            catch (Exception exception) when (attempt < FillRetryDelays.Length)
            {
                LogFillRetry(_owner.Logger, Room, after, upTo, exception.Message);
                await Task.Delay(FillRetryDelays[attempt++], _owner.TimeProvider).ConfigureAwait(false);
                continue;
            }
            catch (Exception exception)
            {
                LogFillFailed(_owner.Logger, Room, after, upTo, exception);
                events = [];
                attempt = 0;
            }
            var frames = new RoomFrame[events.Count];
            for (var i = 0; i < frames.Length; i++)
            {
                frames[i] = Serialize(events[i]);
            }
            lock (_lock)
            {
                CloseMembersBehindLocked();
                foreach (var frame in frames)
                {
                    AcceptLocked(frame);
                }
                if (_position == after && _pending.Count > 0 && _pending.Keys[0] == upTo + 1)
                {
                    // The log no longer has them (trimmed, or never reachable): go on after the hole rather than stall the room.
                    LogGapSkipped(_owner.Logger, Room, after, upTo);
                    _position = upTo;
                    DrainPendingLocked();
                }
            }
        }
    }

    private static RoomFrame Serialize(RoomEvent roomEvent) =>
        new(roomEvent.Seq,
            JsonSerializer.SerializeToUtf8Bytes(roomEvent, ProtocolJsonContext.Default.RoomEvent),
            roomEvent.Type == RoomEventTypes.Left ? roomEvent.User.Id : null);
}
