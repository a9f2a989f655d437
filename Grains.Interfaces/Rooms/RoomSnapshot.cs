namespace OrleansChat.Grains;

/// <summary>
/// A room as a joining connection first sees it: the members at <see cref="Seq"/>, the events it asked for
/// (oldest first, none above <see cref="Seq"/>), and whether every event after its <c>after</c> was still retained.
/// Every later event reaches the connection's subscriber.
/// </summary>
public sealed record RoomSnapshot(string Room, long Seq, IReadOnlyList<ChatUser> Members, IReadOnlyList<RoomEvent> Events, bool Recovered);
