namespace OrleansChat.WebFront.Feeds;

/// <summary>
/// One room event as it goes out: its seq, and its JSON, serialized once for every local connection; for a
/// <c>left</c> event, also the user whose membership it ends.
/// </summary>
internal readonly record struct RoomFrame(long Seq, byte[] Json, string? LeftUserId = null);
