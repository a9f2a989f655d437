using OrleansChat.Grains.Rooms;
using OrleansChat.Protocol;

namespace OrleansChat.Grains.Storage;

/// <summary>
/// One atomic commit to a room's log: the events (seqs <see cref="ExpectedSeq"/> + 1, + 2, ...) and, when it
/// changed, the presence after them. It fails with <see cref="RoomLogConflictException"/> unless the log still ends at
/// <see cref="ExpectedSeq"/>, so a second activation of the room (during a membership change) cannot fork it.
/// </summary>
public sealed record RoomAppend(long ExpectedSeq, IReadOnlyList<RoomEvent> Events, RoomPresence? Presence);
