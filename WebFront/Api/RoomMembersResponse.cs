using OrleansChat.Protocol;

namespace OrleansChat.WebFront.Api;

/// <summary><c>GET /api/rooms/{room}/members</c>.</summary>
public sealed record RoomMembersResponse(string Room, IReadOnlyList<ChatUser> Members);
