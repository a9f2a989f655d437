using System.Collections.Concurrent;
using Orleans.Streams;
using OrleansChat.Grains;
using OrleansChat.WebFront.Hosting;
using OrleansChat.WebFront.Telemetry;

namespace OrleansChat.WebFront.Feeds;

/// <summary>
/// This front end's room feeds: one per room that has local connections, made by the first attach and gone
/// after the last detach. It also warms the streaming path up once, before the front end reports ready.
/// </summary>
internal sealed partial class RoomFeeds(IClusterClient client, FrontEnd frontEnd, ChatMetrics metrics, TimeProvider timeProvider, ILogger<RoomFeed> logger)
{
    /// <summary>The namespace of the throw-away stream that warms up the first subscribe.</summary>
    public const string WarmUpNamespace = "warm-up";

    private readonly ConcurrentDictionary<string, RoomFeed> _feeds = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private Task? _warmUp;

    /// <summary>How many rooms have a feed (a subscription) here now.</summary>
    public int Count => _feeds.Count;

    internal string FrontEndId => frontEnd.Id;

    internal ILogger Logger => logger;

    internal ChatMetrics Metrics => metrics;

    internal TimeProvider TimeProvider => timeProvider;

    /// <summary>The room's feed, when it has one here now.</summary>
    public RoomFeed? Find(string room) => _feeds.GetValueOrDefault(room);

    /// <summary>
    /// Attaches a connection to the room's feed (made and subscribed when the room has none), in the holding
    /// state, counted as one of its user's local connections. Returns once the subscription is in place.
    /// </summary>
    public async Task<FeedMember> AttachAsync(string room, IFrameSink sink, string userId)
    {
        while (true)
        {
            var feed = _feeds.GetOrAdd(room, static (name, self) => new RoomFeed(self, self.Grain(name), name), this);
            if (feed.TryAttach(sink, userId) is not { } member)
            {
                // It closed between the lookup and the attach, and removed itself: make a new one.
                Remove(feed);
                continue;
            }
            try
            {
                await feed.SubscribedAsync().ConfigureAwait(false);
            }
            catch
            {
                feed.AbandonAttach(member);
                throw;
            }
            return member;
        }
    }

    /// <summary>
    /// Subscribes to and unsubscribes from a throw-away stream, once per process (again after a failure): the
    /// first subscribe in a process costs a few hundred milliseconds, which no user's join should pay.
    /// </summary>
    public Task WarmUpAsync()
    {
        lock (_lock)
        {
            if (_warmUp is null || _warmUp.IsFaulted || _warmUp.IsCanceled)
            {
                _warmUp = WarmUpCoreAsync();
            }
            return _warmUp;
        }
    }

    /// <summary>Every feed reads what its room committed after its position (a silo died: its queued events are lost).</summary>
    public void CatchUpAll()
    {
        foreach (var feed in _feeds.Values)
        {
            _ = feed.CatchUpTailAsync();
        }
    }

    /// <summary>Every feed subscribes again and catches up (a client front end reconnected: its subscriptions may be gone).</summary>
    public Task ResubscribeAllAsync() => Task.WhenAll(_feeds.Values.Select(feed => feed.ResubscribeAsync()));

    /// <summary>
    /// Every feed asserts this front end's presence again for the users connected here: the cluster dropped it (a
    /// client front end's lease ran out while it was cut off), and the users are still here.
    /// </summary>
    public void ReassertPresence()
    {
        foreach (var feed in _feeds.Values)
        {
            feed.ReassertPresence();
        }
    }

    internal IUserGrain User(string userId) => client.GetGrain<IUserGrain>(userId);

    internal void Remove(RoomFeed feed) => _feeds.TryRemove(new KeyValuePair<string, RoomFeed>(feed.Room, feed));

    internal IAsyncStream<RoomEventBatch> StreamFor(string room) =>
        client.GetStreamProvider(ChatStreams.ProviderName).GetStream<RoomEventBatch>(ChatStreams.ForRoom(room));

    private IRoomGrain Grain(string room) => client.GetGrain<IRoomGrain>(room);

    private async Task WarmUpCoreAsync()
    {
        var stream = client.GetStreamProvider(ChatStreams.ProviderName)
            .GetStream<RoomEventBatch>(StreamId.Create(WarmUpNamespace, Guid.NewGuid().ToString("N")));
        var started = timeProvider.GetTimestamp();
        var handle = await stream.SubscribeAsync(static (_, _) => Task.CompletedTask).ConfigureAwait(false);
        await handle.UnsubscribeAsync().ConfigureAwait(false);
        var elapsed = timeProvider.GetElapsedTime(started);
        LogWarmedUp(logger, elapsed.TotalMilliseconds);
    }

    [LoggerMessage(EventId = 3510, Level = LogLevel.Debug, Message = "Streams warmed up in {Milliseconds:F0} ms")]
    private static partial void LogWarmedUp(ILogger logger, double milliseconds);
}
