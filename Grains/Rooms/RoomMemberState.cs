namespace OrleansChat.Grains.Rooms;

/// <summary>A member in a room's durable state: its name as of joining, and the silos where it has connections.</summary>
internal sealed record RoomMemberState(string Id, string Name, IReadOnlyList<string> Silos);
