using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Hosting;
using OrleansChat.Runtime.Storage;

namespace OrleansChat.Runtime.Memory;

/// <summary>
/// Grain state and logs in this process's memory. One instance shared by several silos makes them a
/// cluster: commits are atomic under a per-grain lock and publish while holding it, so subscribers see
/// each grain's events in seq order.
/// </summary>
public sealed class MemoryGrainStorage(MemoryStreamProvider streams, IOptions<ClusterOptions> options) : IGrainStorage
{
    private readonly ConcurrentDictionary<GrainId, Entry> _grains = new();
    private readonly int _retention = options.Value.LogRetention;

    public Task<GrainSnapshot> ReadAsync(GrainId grainId, CancellationToken cancellationToken = default)
    {
        if (!_grains.TryGetValue(grainId, out var entry))
        {
            return Task.FromResult(GrainSnapshot.Empty);
        }
        lock (entry)
        {
            return Task.FromResult(new GrainSnapshot(entry.State, entry.Version, entry.LastSeq));
        }
    }

    public Task<CommitResult> CommitAsync(GrainId grainId, CommitRequest request, CancellationToken cancellationToken = default)
    {
        var entry = _grains.GetOrAdd(grainId, _ => new Entry());
        lock (entry)
        {
            if (request.ExpectedVersion is { } expected)
            {
                if (entry.Version != expected)
                {
                    return Task.FromResult(CommitResult.VersionConflict(entry.Version));
                }
                entry.State = request.State;
                entry.Version++;
            }
            var firstSeq = entry.LastSeq + 1;
            foreach (var data in request.Events)
            {
                var loggedEvent = new LoggedEvent(++entry.LastSeq, data);
                entry.Log.Enqueue(loggedEvent);
                if (entry.Log.Count > _retention)
                {
                    entry.Log.Dequeue();
                }
                streams.Publish(grainId, loggedEvent);
            }
            return Task.FromResult(new CommitResult(false, entry.Version, firstSeq));
        }
    }

    public Task<IReadOnlyList<LoggedEvent>> ReadEventsAfterAsync(GrainId grainId, long afterSeq, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<LoggedEvent>>(Read(grainId, e => e.Seq > afterSeq, limit, newest: false));

    public Task<IReadOnlyList<LoggedEvent>> ReadEventsBeforeAsync(GrainId grainId, long beforeSeq, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<LoggedEvent>>(Read(grainId, e => e.Seq < beforeSeq, limit, newest: true));

    public Task<IReadOnlyList<string>> ListKeysAsync(string grainType, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>(_grains.Keys.Where(id => id.Type == grainType).Select(id => id.Key).Order(StringComparer.Ordinal).ToList());

    public Task<bool> PingAsync(CancellationToken cancellationToken = default) => Task.FromResult(true);

    private List<LoggedEvent> Read(GrainId grainId, Func<LoggedEvent, bool> include, int limit, bool newest)
    {
        if (limit <= 0 || !_grains.TryGetValue(grainId, out var entry))
        {
            return [];
        }
        lock (entry)
        {
            var matching = entry.Log.Where(include);
            return (newest ? matching.TakeLast(limit) : matching.Take(limit)).ToList();
        }
    }

    private sealed class Entry
    {
        public byte[]? State { get; set; }

        public long Version { get; set; }

        public long LastSeq { get; set; }

        public Queue<LoggedEvent> Log { get; } = new();
    }
}
