namespace OrleansChat.Grains.Directory;

/// <summary>Which rooms the room listing shows (section <c>Cluster</c>).</summary>
public sealed class RoomListingOptions
{
    public const string SectionName = "Cluster";

    public static readonly TimeSpan DefaultRoomListingIdleAge = TimeSpan.FromDays(7);

    /// <summary>
    /// A room without members whose log has not moved for this long drops out of the listing (and out of the
    /// directory's state); its log stays, and a message or a join lists it again.
    /// </summary>
    public TimeSpan RoomListingIdleAge { get; set; } = DefaultRoomListingIdleAge;
}
