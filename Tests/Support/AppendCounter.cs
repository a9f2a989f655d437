using System.Collections.Concurrent;

namespace OrleansChat.Tests.Support;

/// <summary>How many log appends each room made, counted by <see cref="CountingRoomLogStore"/> on every silo of a test cluster.</summary>
internal sealed class AppendCounter
{
    private readonly ConcurrentDictionary<string, int> _appends = new(StringComparer.Ordinal);

    public int this[string room] => _appends.GetValueOrDefault(room);

    public void Add(string room) => _appends.AddOrUpdate(room, 1, static (_, count) => count + 1);
}
