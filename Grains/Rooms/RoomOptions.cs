namespace OrleansChat.Grains.Rooms;

/// <summary>How rooms commit (section <c>Silo</c>).</summary>
public sealed class RoomOptions
{
    public const string SectionName = "Silo";

    public const int DefaultMaxAppendBatch = 256;

    /// <summary>Queued changes one log append may carry; 1 turns group commit off.</summary>
    public int MaxAppendBatch { get; set; } = DefaultMaxAppendBatch;
}
