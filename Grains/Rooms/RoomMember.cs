using OrleansChat.Protocol;

namespace OrleansChat.Grains.Rooms;

/// <summary>A member of a room: the user as it is now, and the front ends holding its connections there (never empty).</summary>
[GenerateSerializer, Immutable, Alias("room-member")]
public sealed record RoomMember([property: Id(0)] ChatUser User, [property: Id(1)] IReadOnlyList<string> FrontEnds);
