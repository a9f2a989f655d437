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

    [Alias("list")]
    Task<IReadOnlyList<RoomSummary>> ListAsync();

    /// <summary>The rooms in which <paramref name="frontEnd"/> holds presence, as last reported.</summary>
    [Alias("rooms-with-front-end")]
    Task<IReadOnlyList<string>> GetRoomsWithFrontEndAsync(string frontEnd);
}
