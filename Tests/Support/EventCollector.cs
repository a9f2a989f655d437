using System.Threading.Channels;
using OrleansChat.Grains;

namespace OrleansChat.Tests.Support;

/// <summary>A room subscriber that records what it receives and lets a test await the next events.</summary>
internal sealed class EventCollector : IRoomSubscriber
{
    private readonly Channel<RoomEvent> _events = Channel.CreateUnbounded<RoomEvent>();
    private readonly List<RoomEvent> _all = [];

    public IReadOnlyList<RoomEvent> All
    {
        get
        {
            lock (_all)
            {
                return [.. _all];
            }
        }
    }

    public void OnEvent(RoomFrame frame)
    {
        lock (_all)
        {
            _all.Add(frame.Event);
        }
        _events.Writer.TryWrite(frame.Event);
    }

    /// <summary>The next event received, or a failure after the timeout.</summary>
    public async Task<RoomEvent> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        return await _events.Reader.ReadAsync(cts.Token);
    }

    /// <summary>Waits until an event matches, returning it; the events before it are consumed.</summary>
    public async Task<RoomEvent> WaitForAsync(Func<RoomEvent, bool> match, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var next = await _events.Reader.ReadAsync(cts.Token);
            if (match(next))
            {
                return next;
            }
        }
    }
}
