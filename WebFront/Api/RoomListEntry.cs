using System.Text.Json.Serialization;
using OrleansChat.Grains;
using OrleansChat.Protocol;

namespace OrleansChat.WebFront.Api;

/// <summary>
/// One room of <c>GET /api/rooms</c>: <c>members</c> (users) and <c>seq</c> as the room has them now, and
/// <c>lastActivity</c>, when its log last moved (a message, join or leave) as the listing saw it.
/// </summary>
public sealed record RoomListEntry(
    string Room,
    int Members,
    long Seq,
    [property: JsonConverter(typeof(UtcMillisecondsConverter))] DateTimeOffset LastActivity)
{
    public static RoomListEntry Of(ListedRoom listed, RoomSummary now) => new(listed.Room, now.Members, now.Seq, listed.LastActivity);
}
