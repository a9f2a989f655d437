using OrleansChat.Protocol;

namespace OrleansChat.Bench.Peers.SignalR.Rooms;

/// <summary>The outcome of a join: the room's seq after it, its members, and the joined event when the user is new.</summary>
public sealed record PeerJoinResult(long Seq, IReadOnlyList<ChatUser> Members, RoomEvent? Joined);
