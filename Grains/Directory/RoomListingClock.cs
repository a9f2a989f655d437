namespace OrleansChat.Grains.Directory;

/// <summary>
/// The clock the room listing dates activity and ages rooms by: a keyed <see cref="TimeProvider"/>, the silo's own
/// unless something registered another under <see cref="Key"/> first. Tests move it without moving Orleans' timers,
/// which run on the silo's unkeyed clock.
/// </summary>
public static class RoomListingClock
{
    public const string Key = "OrleansChat.RoomListing";
}
