namespace OrleansChat.Grains;

/// <summary>A room event with its wire form, serialized once per silo and shared by every local connection.</summary>
public sealed record RoomFrame(RoomEvent Event, byte[] Json);
