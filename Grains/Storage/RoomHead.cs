using OrleansChat.Grains.Rooms;

namespace OrleansChat.Grains.Storage;

/// <summary>Where a room's log ends (its last seq, 0 for a new room) and its presence as of that seq.</summary>
public sealed record RoomHead(long Seq, RoomPresence Presence);
