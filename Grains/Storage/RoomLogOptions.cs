namespace OrleansChat.Grains.Storage;

/// <summary>How much of each room's log is kept (section <c>Cluster</c>).</summary>
public sealed class RoomLogOptions
{
    public const string SectionName = "Cluster";

    public const int DefaultLogRetention = 10_000;

    /// <summary>Events each room keeps for history and resume; older ones are trimmed.</summary>
    public int LogRetention { get; set; } = DefaultLogRetention;
}
