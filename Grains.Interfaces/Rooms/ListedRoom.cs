namespace OrleansChat.Grains;

/// <summary>
/// One line of the room listing: the room's summary as the directory last heard it, and when the directory last saw
/// its log move (a message, join or leave).
/// </summary>
[GenerateSerializer, Immutable, Alias("listed-room")]
public sealed record ListedRoom(
    [property: Id(0)] string Room,
    [property: Id(1)] int Members,
    [property: Id(2)] long Seq,
    [property: Id(3)] DateTimeOffset LastActivity);
