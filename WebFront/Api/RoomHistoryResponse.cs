using OrleansChat.Protocol;

namespace OrleansChat.WebFront.Api;

/// <summary><c>GET /api/rooms/{room}/history</c>: events oldest first.</summary>
public sealed record RoomHistoryResponse(string Room, IReadOnlyList<RoomEvent> Events);
