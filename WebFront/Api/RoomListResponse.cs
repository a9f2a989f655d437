using System.Text.Json.Serialization;

namespace OrleansChat.WebFront.Api;

/// <summary>
/// <c>GET /api/rooms?limit=&amp;cursor=</c>: a page of rooms in listing order and the <c>cursor</c> of the next
/// page, <c>null</c> on the last one (written out, so a client need not tell a missing field from the end).
/// </summary>
public sealed record RoomListResponse(
    IReadOnlyList<RoomListEntry> Rooms,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Next);
