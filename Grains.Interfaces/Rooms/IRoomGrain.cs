using OrleansChat.Protocol;

namespace OrleansChat.Grains;

/// <summary>
/// A chat room: the room's single sequencer. Orleans keeps one activation of it in the cluster; it assigns
/// <c>seq</c>, appends to the room's durable log, keeps presence (which front ends hold each member's
/// connections), and publishes every committed event on the room's stream (<see cref="ChatStreams"/>) only
/// after the append is durable. A user is a member while some front end holds its presence.
/// </summary>
[Alias("room")]
public interface IRoomGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records the user's presence on <see cref="RoomJoin.FrontEnd"/>; the user's first presence anywhere commits
    /// <c>joined</c> before the reply. Joining again changes nothing and replies again.
    /// </summary>
    [Alias("join")]
    Task<RoomSnapshot> JoinAsync(RoomJoin join);

    /// <summary>
    /// Drops the user's presence on <paramref name="frontEnd"/> (its last local connection in the room is gone);
    /// the user's last presence anywhere commits <c>left</c>. Leaving when absent changes nothing.
    /// </summary>
    [Alias("leave")]
    Task LeaveAsync(string frontEnd, string userId);

    /// <summary>Commits a message from a member; returns its seq. Sends are committed together under load.</summary>
    [Alias("send")]
    Task<long> SendAsync(ChatUser user, string text);

    /// <summary>A member was renamed: its later <c>left</c> and the member list carry the new name.</summary>
    [Alias("rename-member")]
    Task RenameMemberAsync(ChatUser user);

    /// <summary>The <paramref name="limit"/> most recent events with seq below <paramref name="before"/>, oldest first.</summary>
    [Alias("history")]
    Task<IReadOnlyList<RoomEvent>> GetHistoryAsync(long before, int limit);

    /// <summary>
    /// Retained events with seq above <paramref name="after"/> and at most <paramref name="upTo"/>, oldest first:
    /// what a room feed fills a gap with.
    /// </summary>
    [Alias("events-after")]
    Task<IReadOnlyList<RoomEvent>> GetEventsAfterAsync(long after, long upTo);

    /// <summary>How many users are members, and the room's last seq, as of now.</summary>
    [Alias("summary")]
    Task<RoomSummary> GetSummaryAsync();

    /// <summary>The members as of the room's last seq.</summary>
    [Alias("members")]
    Task<RoomMembers> GetMembersAsync();

    /// <summary>A front end died: its presence goes; members present only there get <c>left</c> (once).</summary>
    [Alias("remove-front-end")]
    Task RemoveFrontEndAsync(string frontEnd);
}
