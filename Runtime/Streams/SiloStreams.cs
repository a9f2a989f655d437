using System.Collections.Concurrent;

namespace OrleansChat.Runtime.Streams;

/// <summary>
/// The silo's view of the stream provider. It remembers every live subscription, so that killing the
/// silo silences all of them at once, as the end of a process would.
/// </summary>
public sealed class SiloStreams(IStreamProvider provider)
{
    private readonly ConcurrentDictionary<Subscription, byte> _live = new();

    /// <summary>Subscribes through the provider; disposing the result unsubscribes.</summary>
    public async Task<IAsyncDisposable> SubscribeAsync(GrainId stream, IStreamObserver observer, CancellationToken cancellationToken = default)
    {
        var subscription = new Subscription(this, observer);
        _live[subscription] = 0;
        subscription.Inner = await provider.SubscribeAsync(stream, subscription, cancellationToken).ConfigureAwait(false);
        return subscription;
    }

    internal void DisposeAll()
    {
        foreach (var subscription in _live.Keys)
        {
            subscription.Silence();
            _ = subscription.DisposeAsync().AsTask();
        }
    }

    private sealed class Subscription(SiloStreams owner, IStreamObserver observer) : IStreamObserver, IAsyncDisposable
    {
        private volatile bool _silenced;

        public IAsyncDisposable? Inner { get; set; }

        public void OnNext(Storage.LoggedEvent loggedEvent)
        {
            if (!_silenced)
            {
                observer.OnNext(loggedEvent);
            }
        }

        public void OnResync()
        {
            if (!_silenced)
            {
                observer.OnResync();
            }
        }

        public void Silence() => _silenced = true;

        public async ValueTask DisposeAsync()
        {
            _silenced = true;
            if (owner._live.TryRemove(this, out _) && Inner is { } inner)
            {
                await inner.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
