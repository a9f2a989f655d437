namespace OrleansChat.Grains.Storage;

/// <summary>The room's log no longer ends where this activation thought: another activation wrote to it. Nothing was written.</summary>
public sealed class RoomLogConflictException(string room, long expectedSeq)
    : Exception($"The log of room '{room}' no longer ends at seq {expectedSeq}.");
