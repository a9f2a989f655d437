namespace OrleansChat.Grains;

/// <summary>
/// A page of the room listing, in listing order, and where the next page starts (null when this one is the last).
/// </summary>
[GenerateSerializer, Immutable, Alias("room-listing-page")]
public sealed record RoomListingPage([property: Id(0)] IReadOnlyList<ListedRoom> Rooms, [property: Id(1)] RoomListingCursor? Next)
{
    /// <summary>The most rooms one page may hold: a bound on what a single call copies out of the directory.</summary>
    public const int MaxLimit = 1000;
}
