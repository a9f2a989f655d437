using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OrleansChat.Grains.Rooms;
using OrleansChat.Protocol;

namespace OrleansChat.Grains.Storage;

/// <summary>Rooms' logs in this process's memory: the embedded default, where one process is the whole cluster.</summary>
public sealed class MemoryRoomLogStore(IOptions<RoomLogOptions> options) : IRoomLogStore, IStoreHealth
{
    private readonly ConcurrentDictionary<string, MemoryRoomLog> _rooms = new(StringComparer.Ordinal);
    private readonly int _retention = options.Value.LogRetention;

    public Task<RoomHead> ReadHeadAsync(string room, CancellationToken cancellationToken = default) =>
        Task.FromResult(LogOf(room).Head);

    public Task AppendAsync(string room, RoomAppend append, CancellationToken cancellationToken = default)
    {
        LogOf(room).Append(room, append, _retention);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<RoomEvent>> ReadAfterAsync(string room, long after, long upTo, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<RoomEvent>>(LogOf(room).Range(after + 1, upTo, limit, newest: false, _retention));

    public Task<IReadOnlyList<RoomEvent>> ReadBeforeAsync(string room, long before, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<RoomEvent>>(LogOf(room).Range(1, before - 1, limit, newest: true, _retention));

    public Task<bool> PingAsync(CancellationToken cancellationToken = default) => Task.FromResult(true);

    private MemoryRoomLog LogOf(string room) => _rooms.GetOrAdd(room, static _ => new MemoryRoomLog());

    /// <summary>One room: its events with consecutive seqs (trimmed in chunks, read within the retention), and its head.</summary>
    private sealed class MemoryRoomLog
    {
        private readonly Lock _lock = new();
        private readonly List<RoomEvent> _events = [];
        private RoomHead _head = new(0, RoomPresence.Empty);

        public RoomHead Head
        {
            get
            {
                lock (_lock)
                {
                    return _head;
                }
            }
        }

        public void Append(string room, RoomAppend append, int retention)
        {
            lock (_lock)
            {
                if (_head.Seq != append.ExpectedSeq)
                {
                    throw new RoomLogConflictException(room, append.ExpectedSeq);
                }
                _events.AddRange(append.Events);
                _head = new RoomHead(append.ExpectedSeq + append.Events.Count, append.Presence ?? _head.Presence);
                // Trimming a quarter of the retention at a time keeps appends O(1) on average; reads apply the exact bound.
                var excess = _events.Count - retention;
                if (excess > retention / 4)
                {
                    _events.RemoveRange(0, excess);
                }
            }
        }

        /// <summary>Events with seq in [<paramref name="from"/>, <paramref name="to"/>] that are retained: the oldest or the newest <paramref name="limit"/>.</summary>
        public List<RoomEvent> Range(long from, long to, int limit, bool newest, int retention)
        {
            lock (_lock)
            {
                if (_events.Count == 0)
                {
                    return [];
                }
                var first = Math.Max(from, Math.Max(_events[0].Seq, _head.Seq - retention + 1));
                var last = Math.Min(to, _head.Seq);
                if (first > last || limit <= 0)
                {
                    return [];
                }
                var count = (int)Math.Min(limit, last - first + 1);
                var start = newest ? last - count + 1 : first;
                return _events.GetRange((int)(start - _events[0].Seq), count);
            }
        }
    }
}
