namespace OrleansChat.Runtime.Storage;

/// <summary>
/// One atomic commit. With <see cref="ExpectedVersion"/> set, <see cref="State"/> replaces the state when the
/// stored version matches; without it nothing is checked and only <see cref="Events"/> are appended.
/// </summary>
public sealed record CommitRequest(long? ExpectedVersion, byte[]? State, IReadOnlyList<byte[]> Events)
{
    /// <summary>An append of events that changes no state and needs no version check.</summary>
    public static CommitRequest Append(IReadOnlyList<byte[]> events) => new(null, null, events);
}
