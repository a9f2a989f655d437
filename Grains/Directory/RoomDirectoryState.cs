namespace OrleansChat.Grains.Directory;

/// <summary>
/// The directory's durable state: every room reported within the listing's idle age (or holding members), by name.
/// Rooms idle past it are forgotten when the state is written, which keeps it bounded by the rooms in use.
/// </summary>
[GenerateSerializer, Alias("room-directory-state")]
public sealed class RoomDirectoryState
{
    [Id(0)] public Dictionary<string, RoomDirectoryEntry> Rooms { get; set; } = new(StringComparer.Ordinal);
}
