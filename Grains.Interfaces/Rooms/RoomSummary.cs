namespace OrleansChat.Grains;

/// <summary>One line of the room list: how many users are members, and the room's last seq.</summary>
public sealed record RoomSummary(string Room, int Members, long Seq);
