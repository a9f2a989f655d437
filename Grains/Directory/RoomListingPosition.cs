namespace OrleansChat.Grains.Directory;

/// <summary>
/// A room's place in the listing: most members first, then the most recent activity, then by name (ordinal), so that
/// no two rooms share a place and a cursor names one exactly.
/// </summary>
internal readonly record struct RoomListingPosition(int Members, DateTimeOffset LastActivity, string Room) : IComparable<RoomListingPosition>
{
    public static RoomListingPosition Of(RoomListingCursor cursor) => new(cursor.Members, cursor.LastActivity, cursor.Room);

    public int CompareTo(RoomListingPosition other)
    {
        var byMembers = other.Members.CompareTo(Members);
        if (byMembers != 0)
        {
            return byMembers;
        }
        var byActivity = other.LastActivity.CompareTo(LastActivity);
        return byActivity != 0 ? byActivity : string.CompareOrdinal(Room, other.Room);
    }
}
