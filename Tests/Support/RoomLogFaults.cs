using System.Collections.Concurrent;

namespace OrleansChat.Tests.Support;

/// <summary>Store failures a test arms for a room's next appends, played by <see cref="FaultyRoomLogStore"/> on every silo.</summary>
internal sealed class RoomLogFaults
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<RoomLogFault>> _armed = new(StringComparer.Ordinal);

    /// <summary>The room's next append (after those already armed) fails this way.</summary>
    public void Arm(string room, RoomLogFault fault) => _armed.GetOrAdd(room, static _ => new()).Enqueue(fault);

    public RoomLogFault? Next(string room) =>
        _armed.TryGetValue(room, out var faults) && faults.TryDequeue(out var fault) ? fault : null;
}
