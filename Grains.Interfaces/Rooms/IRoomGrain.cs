using OrleansChat.Runtime;

namespace OrleansChat.Grains;

/// <summary>
/// A chat room. Each silo has its own activation; they agree through the store: membership changes are
/// version-checked commits, messages are appends, and every activation folds the room's stream in seq order.
/// A user is a member while it has a connection in the room on any silo.
/// </summary>
public interface IRoomGrain : IGrainWithStringKey
{
    /// <summary>
    /// Adds a connection; the user's first connection in the room commits <c>joined</c> before the reply.
    /// Joining again with the same connection replies again and changes nothing.
    /// </summary>
    Task<RoomSnapshot> JoinAsync(RoomJoin join);

    /// <summary>Removes a connection, if it is in the room; the user's last connection commits <c>left</c>.</summary>
    Task LeaveAsync(string connectionId);

    /// <summary>Commits a message from a user whose connection is in the room on this silo; returns its seq.</summary>
    [AlwaysInterleave]
    Task<long> SendAsync(ChatUser user, string text);

    /// <summary>
    /// A member was renamed: its connections here speak with the new name, and the room's durable member list
    /// carries it (so a later <c>left</c>, committed by whichever silo, names the user as it is now).
    /// </summary>
    Task RenameMemberAsync(ChatUser user);

    /// <summary>The <paramref name="limit"/> most recent events with seq below <paramref name="before"/>, oldest first.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<RoomEvent>> GetHistoryAsync(long before, int limit);

    /// <summary>The members as of the last event this silo has seen.</summary>
    Task<RoomMembers> GetMembersAsync();

    /// <summary>Removes a dead silo's presence; members present only there get <c>left</c>.</summary>
    Task RemoveSiloAsync(string siloId);
}
