using System.Collections.Concurrent;

namespace OrleansChat.Bench.Measurement;

/// <summary>
/// When each message reached the last of its receivers: deliveries of one message (one intended send time, which the
/// open-loop schedule makes unique within a step) are counted, and once all <c>receivers</c> have it, the latest
/// arrival is recorded. That is the fan-out's completion time, what the last member of a big room waits.
/// </summary>
public sealed class MessageCompletion(int receivers)
{
    private readonly ConcurrentDictionary<long, Arrivals> _messages = new();

    /// <summary>Per message, the latency of its last delivery, in microseconds.</summary>
    public LatencyHistogram LastArrival { get; } = new();

    /// <summary>Messages some receiver has not had (yet).</summary>
    public int Incomplete => _messages.Count;

    /// <summary>One delivery of the message sent (intended) at <paramref name="intendedTicks"/>; safe from many threads.</summary>
    public void Add(long intendedTicks, long latencyMicros)
    {
        var arrivals = _messages.GetOrAdd(intendedTicks, static _ => new Arrivals());
        if (arrivals.Add(latencyMicros) == receivers && _messages.TryRemove(intendedTicks, out _))
        {
            LastArrival.Record(arrivals.Max);
        }
    }

    private sealed class Arrivals
    {
        private int _count;
        private long _max;

        public long Max => Interlocked.Read(ref _max);

        /// <summary>Raises the maximum, then counts (a full fence): whoever counts the last arrival sees every maximum.</summary>
        public int Add(long latency)
        {
            AtomicMax.Raise(ref _max, latency);
            return Interlocked.Increment(ref _count);
        }
    }
}
