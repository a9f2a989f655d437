using OrleansChat.Protocol;

namespace OrleansChat.Bench.Peers.SignalR.Hubs;

/// <summary>The reply to Join: the room's seq and its members at that seq, as the real server's <c>room</c> reply.</summary>
public sealed record PeerRoomReply(string Room, long Seq, IReadOnlyList<ChatUser> Members);
