using System.Collections.Concurrent;
using System.Collections.Immutable;
using OrleansChat.Runtime.Storage;
using OrleansChat.Runtime.Streams;

namespace OrleansChat.Runtime.Memory;

/// <summary>In-process streams: one instance shared by every silo of a process delivers each event to all of them.</summary>
public sealed class MemoryStreamProvider : IStreamProvider
{
    private readonly ConcurrentDictionary<GrainId, ImmutableArray<IStreamObserver>> _observers = new();

    public Task<IAsyncDisposable> SubscribeAsync(GrainId stream, IStreamObserver observer, CancellationToken cancellationToken = default)
    {
        _observers.AddOrUpdate(stream, _ => [observer], (_, list) => list.Add(observer));
        return Task.FromResult<IAsyncDisposable>(new Subscription(this, stream, observer));
    }

    /// <summary>Delivers a committed event to every subscriber of its stream.</summary>
    public void Publish(GrainId stream, LoggedEvent loggedEvent)
    {
        if (_observers.TryGetValue(stream, out var observers))
        {
            foreach (var observer in observers)
            {
                observer.OnNext(loggedEvent);
            }
        }
    }

    private void Unsubscribe(GrainId stream, IStreamObserver observer)
    {
        while (_observers.TryGetValue(stream, out var list))
        {
            var rest = list.Remove(observer);
            var done = rest.IsEmpty
                ? _observers.TryRemove(new KeyValuePair<GrainId, ImmutableArray<IStreamObserver>>(stream, list))
                : _observers.TryUpdate(stream, rest, list);
            if (done)
            {
                return;
            }
        }
    }

    private sealed class Subscription(MemoryStreamProvider owner, GrainId stream, IStreamObserver observer) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            owner.Unsubscribe(stream, observer);
            return ValueTask.CompletedTask;
        }
    }
}
