namespace OrleansChat.Grains.Directory;

/// <summary>What the directory knows of one room: its summary and the front ends holding presence there.</summary>
[GenerateSerializer, Immutable, Alias("room-directory-entry")]
public sealed record RoomDirectoryEntry([property: Id(0)] RoomSummary Summary, [property: Id(1)] IReadOnlyList<string> FrontEnds);
