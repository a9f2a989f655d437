namespace OrleansChat.Runtime.Storage;

/// <summary>A grain's durable state as of one moment: state bytes (null before the first commit), version and last seq.</summary>
public sealed record GrainSnapshot(byte[]? State, long Version, long LastSeq)
{
    /// <summary>The snapshot of a grain that has never committed.</summary>
    public static GrainSnapshot Empty { get; } = new(null, 0, 0);
}
