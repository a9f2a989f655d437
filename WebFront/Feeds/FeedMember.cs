using OrleansChat.Grains;

namespace OrleansChat.WebFront.Feeds;

/// <summary>
/// One connection attached to a <see cref="RoomFeed"/>. It is attached in a holding state before its join's grain
/// call: events the feed forwards meanwhile are held, and once the reply (at seq S) is queued, the held events
/// above S follow and the member goes live, never receiving an event at or below S afterwards.
/// The fields are guarded by the feed's lock.
/// </summary>
internal sealed class FeedMember
{
    internal FeedMember(RoomFeed feed, IFrameSink sink, string userId)
    {
        Feed = feed;
        Sink = sink;
        UserId = userId;
    }

    public RoomFeed Feed { get; }

    public string Room => Feed.Room;

    internal IFrameSink Sink { get; }

    internal string UserId { get; }

    /// <summary>True while a join is in flight: events go to <see cref="Held"/> rather than to the sink.</summary>
    internal bool Holding { get; set; } = true;

    /// <summary>True once a join reply went out (a later join of the same room is a re-join).</summary>
    internal bool Joined { get; set; }

    /// <summary>Live: only events above it are forwarded (the seq of the last <c>room</c> reply).</summary>
    internal long Floor { get; set; }

    /// <summary>
    /// Holding, before the first join: the feed's position when the held events start (they cover the seqs above
    /// it); null while the feed itself has no position yet.
    /// </summary>
    internal long? HeldAfter { get; set; }

    internal List<RoomFrame> Held { get; } = [];

    internal bool Detached { get; set; }

    /// <summary>Calls the room's <c>JoinAsync</c>, after any presence call of this user in this room from this front end.</summary>
    public Task<RoomSnapshot> JoinAsync(RoomJoin join) => Feed.JoinAsync(this, join);

    /// <summary>Queues the <c>room</c> reply at <paramref name="seq"/>, then the held events above it, and goes live.</summary>
    public Task CompleteJoinAsync(long seq, byte[] reply) => Feed.CompleteJoinAsync(this, seq, reply);

    /// <summary>A re-join of a room the connection is in: hold its events until the new reply.</summary>
    public void Hold() => Feed.Hold(this);

    /// <summary>A re-join failed: release what was held and carry on as before.</summary>
    public void Resume() => Feed.Resume(this);

    /// <summary>
    /// Detaches the connection; when it was the user's last local connection in the room, commits the user's
    /// leave (the returned task ends with that commit).
    /// </summary>
    public Task LeaveAsync() => Feed.DetachAsync(this);

    /// <summary>
    /// Before a <c>leave</c>: queues the events the room committed that the feed has not forwarded yet, so that
    /// the connection gets every event committed before its leave (its own last message too) ahead of the ack.
    /// </summary>
    public Task DeliverCommittedAsync() => Feed.DeliverCommittedAsync(this);
}
