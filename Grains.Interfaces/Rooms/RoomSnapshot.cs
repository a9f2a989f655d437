using OrleansChat.Protocol;

namespace OrleansChat.Grains;

/// <summary>
/// A room as a joining connection first sees it: the members at <see cref="Seq"/>, the events it asked for
/// (oldest first, none above <see cref="Seq"/>), and whether every event after its <c>after</c> was still retained.
/// </summary>
[GenerateSerializer, Immutable, Alias("room-snapshot")]
public sealed record RoomSnapshot(
    [property: Id(0)] string Room,
    [property: Id(1)] long Seq,
    [property: Id(2)] IReadOnlyList<ChatUser> Members,
    [property: Id(3)] IReadOnlyList<RoomEvent> Events,
    [property: Id(4)] bool Recovered);
