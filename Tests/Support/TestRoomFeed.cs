using Orleans.Streams;
using OrleansChat.Grains;
using OrleansChat.Protocol;

namespace OrleansChat.Tests.Support;

/// <summary>
/// A subscription to a room's Orleans stream, as a front end holds one: it records every event received, in the
/// order received, and lets a test await an event with a timeout.
/// </summary>
internal sealed class TestRoomFeed : IAsyncObserver<RoomEventBatch>, IAsyncDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly List<RoomEvent> _events = [];
    private TaskCompletionSource _changed = NewSignal();
    private StreamSubscriptionHandle<RoomEventBatch>? _subscription;

    private TestRoomFeed()
    {
    }

    /// <summary>Every event received so far, in the order received.</summary>
    public IReadOnlyList<RoomEvent> All
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public IReadOnlyList<long> Seqs => [.. All.Select(e => e.Seq)];

    /// <summary>Subscribes through <paramref name="client"/> (a silo's own client, as a co-hosted front end, or an Orleans client).</summary>
    public static async Task<TestRoomFeed> SubscribeAsync(IClusterClient client, string room)
    {
        var feed = new TestRoomFeed();
        var stream = client.GetStreamProvider(ChatStreams.ProviderName).GetStream<RoomEventBatch>(ChatStreams.ForRoom(room));
        feed._subscription = await stream.SubscribeAsync(feed);
        return feed;
    }

    /// <summary>The first event received that matches, waiting for it up to the timeout.</summary>
    public async Task<RoomEvent> WaitForAsync(Func<RoomEvent, bool> match, TimeSpan? timeout = null)
    {
        using var cancellation = new CancellationTokenSource(timeout ?? DefaultTimeout);
        while (true)
        {
            Task changed;
            lock (_events)
            {
                foreach (var roomEvent in _events)
                {
                    if (match(roomEvent))
                    {
                        return roomEvent;
                    }
                }
                changed = _changed.Task;
            }
            try
            {
                await changed.WaitAsync(cancellation.Token);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                throw new TimeoutException($"No matching event within {timeout ?? DefaultTimeout}; received seqs: [{string.Join(", ", Seqs)}].");
            }
        }
    }

    public Task<RoomEvent> WaitForSeqAsync(long seq, TimeSpan? timeout = null) => WaitForAsync(e => e.Seq == seq, timeout);

    public Task OnNextAsync(RoomEventBatch item, StreamSequenceToken? token = null)
    {
        TaskCompletionSource changed;
        lock (_events)
        {
            _events.AddRange(item.Events);
            changed = _changed;
            _changed = NewSignal();
        }
        changed.SetResult();
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_subscription is { } subscription)
        {
            _subscription = null;
            try
            {
                await subscription.UnsubscribeAsync();
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // A cluster that lost silos may not answer; the subscription goes with the cluster.
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
