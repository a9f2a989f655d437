namespace OrleansChat.Grains.Directory;

/// <summary>
/// What the directory knows of one room: its summary, the front ends holding presence there, when its log last
/// moved (<see cref="LastActivity"/>) and when it last lost members (<see cref="DemotedAt"/>, the only change that
/// moves a room down the listing). Times are the directory's, taken when the report arrived.
/// </summary>
[GenerateSerializer, Immutable, Alias("room-directory-entry")]
public sealed record RoomDirectoryEntry(
    [property: Id(0)] RoomSummary Summary,
    [property: Id(1)] IReadOnlyList<string> FrontEnds,
    [property: Id(2)] DateTimeOffset LastActivity,
    [property: Id(3)] DateTimeOffset DemotedAt)
{
    /// <summary>A room reported for the first time (or again after it was forgotten): reports follow commits, so it is active now.</summary>
    public static RoomDirectoryEntry Reported(RoomSummary summary, IReadOnlyList<string> frontEnds, DateTimeOffset now) =>
        new(summary, frontEnds, now, DemotedAt: default);

    /// <summary>This room after its report at <paramref name="now"/>: every event moves its seq, so a new seq is activity.</summary>
    public RoomDirectoryEntry After(RoomSummary summary, IReadOnlyList<string> frontEnds, DateTimeOffset now) => new(
        summary,
        frontEnds,
        summary.Seq != Summary.Seq ? now : LastActivity,
        summary.Members < Summary.Members ? now : DemotedAt);

    /// <summary>Listed while it has members or its log moved after <paramref name="idleSince"/>.</summary>
    public bool IsListed(DateTimeOffset idleSince) => Summary.Members > 0 || LastActivity > idleSince;

    internal RoomListingPosition Position => new(Summary.Members, LastActivity, Summary.Room);

    public ListedRoom ToListed() => new(Summary.Room, Summary.Members, Summary.Seq, LastActivity);
}
