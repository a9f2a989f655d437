using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using OrleansChat.Runtime.Redis.Connection;
using OrleansChat.Runtime.Storage;
using OrleansChat.Runtime.Streams;
using StackExchange.Redis;

namespace OrleansChat.Runtime.Redis.Streams;

/// <summary>
/// Live delivery over Redis pub/sub: one channel per grain, subscribed once per silo however many local
/// observers it has. Pub/sub loses what is published while a connection is down, so after every reconnect
/// each observer is told to resync (read what it missed from the log) once the subscriptions are back.
/// </summary>
public sealed partial class RedisStreamProvider : IStreamProvider, IDisposable
{
    private const int ResyncAttempts = 60;

    private readonly RedisConnection _connection;
    private readonly ILogger<RedisStreamProvider> _logger;
    private readonly ConcurrentDictionary<string, ImmutableArray<IStreamObserver>> _observers = new(StringComparer.Ordinal);
    // Subscribing and unsubscribing are serialized, so that an UNSUBSCRIBE never overtakes a SUBSCRIBE of the same channel.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Action<RedisChannel, RedisValue> _onMessage;
    private int _resyncing;

    public RedisStreamProvider(RedisConnection connection, ILogger<RedisStreamProvider> logger)
    {
        _connection = connection;
        _logger = logger;
        _onMessage = OnMessage;
        connection.Restored += OnRestored;
    }

    public async Task<IAsyncDisposable> SubscribeAsync(GrainId stream, IStreamObserver observer, CancellationToken cancellationToken = default)
    {
        var channel = _connection.Keys.Events(stream);
        var name = (string)channel!;
        if (!await _gate.WaitAsync(_connection.OperationTimeout, cancellationToken).ConfigureAwait(false))
        {
            throw new StoreUnavailableException($"Subscribing to {stream} timed out behind other subscriptions.");
        }
        try
        {
            if (!_observers.TryGetValue(name, out var observers) || observers.IsEmpty)
            {
                await _connection.SubscriberAsync("subscribe", async subscriber =>
                {
                    await subscriber.SubscribeAsync(channel, _onMessage).ConfigureAwait(false);
                    return true;
                }, cancellationToken).ConfigureAwait(false);
                observers = [];
            }
            _observers[name] = observers.Add(observer);
        }
        finally
        {
            _gate.Release();
        }
        return new Subscription(this, channel, observer);
    }

    private async Task UnsubscribeAsync(RedisChannel channel, IStreamObserver observer)
    {
        var name = (string)channel!;
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_observers.TryGetValue(name, out var observers))
            {
                return;
            }
            observers = observers.Remove(observer);
            if (!observers.IsEmpty)
            {
                _observers[name] = observers;
                return;
            }
            _observers.TryRemove(name, out _);
            try
            {
                await _connection.SubscriberAsync("unsubscribe", async subscriber =>
                {
                    await subscriber.UnsubscribeAsync(channel, _onMessage).ConfigureAwait(false);
                    return true;
                }).ConfigureAwait(false);
            }
            catch (StoreUnavailableException exception)
            {
                // Messages that still arrive on the channel find no observer and are dropped.
                LogUnsubscribeFailed(_logger, name, exception);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private void OnMessage(RedisChannel channel, RedisValue message)
    {
        if (!_observers.TryGetValue((string)channel!, out var observers) || observers.IsEmpty)
        {
            return;
        }
        if (!RedisEventPayload.TryDecode((byte[])message!, out var events))
        {
            LogBadPayload(_logger, (string)channel!);
            return;
        }
        foreach (var loggedEvent in events)
        {
            foreach (var observer in observers)
            {
                observer.OnNext(loggedEvent);
            }
        }
    }

    private void OnRestored(ConnectionType connectionType)
    {
        if (connectionType == ConnectionType.Subscription && Interlocked.Exchange(ref _resyncing, 1) == 0)
        {
            _ = ResyncAllAsync();
        }
    }

    /// <summary>
    /// Once the subscriptions are back on the server (a PING on the pub/sub connection is answered after the
    /// SUBSCRIBEs that the client resent) and the store answers, every observer reads what it missed.
    /// </summary>
    private async Task ResyncAllAsync()
    {
        try
        {
            for (var attempt = 1; attempt <= ResyncAttempts; attempt++)
            {
                try
                {
                    await _connection.SubscriberAsync("resync barrier", subscriber => subscriber.PingAsync()).ConfigureAwait(false);
                    await _connection.ExecuteAsync("resync barrier", db => db.PingAsync()).ConfigureAwait(false);
                    break;
                }
                catch (StoreUnavailableException) when (attempt < ResyncAttempts)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(250)).ConfigureAwait(false);
                }
            }
        }
        catch (StoreUnavailableException exception)
        {
            LogResyncBarrierFailed(_logger, exception);
        }
        finally
        {
            Volatile.Write(ref _resyncing, 0);
        }
        var count = 0;
        foreach (var observers in _observers.Values)
        {
            foreach (var observer in observers)
            {
                observer.OnResync();
                count++;
            }
        }
        LogResynced(_logger, count);
    }

    public void Dispose()
    {
        _connection.Restored -= OnRestored;
        _gate.Dispose();
    }

    private sealed class Subscription(RedisStreamProvider owner, RedisChannel channel, IStreamObserver observer) : IAsyncDisposable
    {
        private int _disposed;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                await owner.UnsubscribeAsync(channel, observer).ConfigureAwait(false);
            }
        }
    }
}
