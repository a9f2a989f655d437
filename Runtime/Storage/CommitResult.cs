namespace OrleansChat.Runtime.Storage;

/// <summary>
/// What a commit did: on success the version after it and the seq of its first event (its events have
/// consecutive seqs from there; with no events, <see cref="FirstSeq"/> is the last seq plus one).
/// </summary>
public sealed record CommitResult(bool Conflict, long Version, long FirstSeq)
{
    /// <summary>The result of a commit refused for a version mismatch.</summary>
    public static CommitResult VersionConflict(long storedVersion) => new(true, storedVersion, 0);
}
