namespace OrleansChat.Grains;

/// <summary>One line of the room list: how many users are members, and the room's last seq.</summary>
[GenerateSerializer, Immutable, Alias("room-summary")]
public sealed record RoomSummary([property: Id(0)] string Room, [property: Id(1)] int Members, [property: Id(2)] long Seq);
