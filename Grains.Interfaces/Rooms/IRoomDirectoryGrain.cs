namespace OrleansChat.Grains;

/// <summary>
/// The cluster's list of rooms (one activation, key 0), kept current by the rooms themselves: each reports its
/// summary and the front ends holding its presence after it commits. It answers <c>/api/rooms</c> and tells the
/// reaper which rooms a dead front end had presence in, without scanning storage.
/// </summary>
[Alias("room-directory")]
public interface IRoomDirectoryGrain : IGrainWithIntegerKey
{
    [Alias("report")]
    Task ReportAsync(RoomSummary summary, IReadOnlyList<string> frontEnds);

    /// <summary>
    /// A page of the listed rooms: those with members, and those whose log moved within the listing's idle age. Most
    /// members first, then the most recent activity, then by name. <paramref name="limit"/> is 1 to
    /// <see cref="RoomListingPage.MaxLimit"/>; <paramref name="after"/> is the <see cref="RoomListingPage.Next"/> of the
    /// page before, or null for the first page.
    /// </summary>
    /// <remarks>
    /// A walk from the first page on never hands out a room twice: a room that lost members after the walk began (the
    /// only way a room moves down the order) is left out of its later pages. Rooms that did not move appear exactly
    /// once; rooms that gained members or activity during the walk may already be behind the cursor.
    /// </remarks>
    [Alias("list-page")]
    Task<RoomListingPage> ListAsync(int limit, RoomListingCursor? after);

    /// <summary>The rooms in which <paramref name="frontEnd"/> holds presence, as last reported.</summary>
    [Alias("rooms-with-front-end")]
    Task<IReadOnlyList<string>> GetRoomsWithFrontEndAsync(string frontEnd);
}
