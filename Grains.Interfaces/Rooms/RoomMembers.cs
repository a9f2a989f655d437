namespace OrleansChat.Grains;

/// <summary>A room's members as of <see cref="Seq"/>.</summary>
public sealed record RoomMembers(string Room, long Seq, IReadOnlyList<ChatUser> Members);
