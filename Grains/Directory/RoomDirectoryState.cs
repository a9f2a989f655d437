namespace OrleansChat.Grains.Directory;

/// <summary>The directory's durable state: every room reported so far, by name.</summary>
[GenerateSerializer, Alias("room-directory-state")]
public sealed class RoomDirectoryState
{
    [Id(0)] public Dictionary<string, RoomDirectoryEntry> Rooms { get; set; } = new(StringComparer.Ordinal);
}
