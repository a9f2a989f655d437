namespace OrleansChat.Runtime.Storage;

/// <summary>Another silo committed first; the runtime reloads the grain's state and runs the call again.</summary>
public sealed class VersionConflictException(GrainId grainId, long expectedVersion)
    : Exception($"{grainId} is no longer at version {expectedVersion}.");
