using System.Threading.Channels;
using OrleansChat.Runtime.Storage;
using OrleansChat.Runtime.Streams;

namespace OrleansChat.Tests.Contracts;

/// <summary>A stream observer that records deliveries and lets a test await them.</summary>
internal sealed class CollectingObserver : IStreamObserver
{
    private readonly Channel<LoggedEvent> _events = Channel.CreateUnbounded<LoggedEvent>();
    private int _resyncs;

    public int Resyncs => Volatile.Read(ref _resyncs);

    public void OnNext(LoggedEvent loggedEvent) => _events.Writer.TryWrite(loggedEvent);

    public void OnResync() => Interlocked.Increment(ref _resyncs);

    /// <summary>The next <paramref name="count"/> deliveries, failing after the timeout.</summary>
    public async Task<IReadOnlyList<LoggedEvent>> TakeAsync(int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        var taken = new List<LoggedEvent>(count);
        while (taken.Count < count)
        {
            taken.Add(await _events.Reader.ReadAsync(cts.Token));
        }
        return taken;
    }

    /// <summary>Whatever has been delivered and not taken yet.</summary>
    public IReadOnlyList<LoggedEvent> Pending()
    {
        var pending = new List<LoggedEvent>();
        while (_events.Reader.TryRead(out var next))
        {
            pending.Add(next);
        }
        return pending;
    }
}
