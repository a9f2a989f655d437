using HdrHistogram;

namespace OrleansChat.Bench.Measurement;

/// <summary>
/// Latencies in microseconds, on HdrHistogram's <see cref="LongConcurrentHistogram"/> (every receive loop records into
/// the same one without locks). It earns its place by what HdrHistogram leaves to its caller: a value beyond the
/// trackable range is clamped to it rather than thrown from a receive loop, an empty histogram (or one read while it
/// is being written) answers instead of throwing, and the maximum is kept exactly and readable while recording
/// (HdrHistogram finds it by enumerating its counts, which throws when a value arrives meanwhile).
/// </summary>
public sealed class LatencyHistogram
{
    /// <summary>The largest latency recorded as itself (one hour); a longer one counts as one hour.</summary>
    public const long HighestTrackableMicros = 3_600_000_000;

    /// <summary>Decimal digits every recorded value keeps: within 0.1 % of itself (exact below 2,048 µs).</summary>
    public const int SignificantDigits = 3;

    private readonly LongConcurrentHistogram _histogram = new(1, HighestTrackableMicros, SignificantDigits);
    private long _max;

    /// <summary>For the report's header: what the percentiles come from and how precise they are.</summary>
    public static string Precision =>
        $"HdrHistogram 2.5.0 (`LongConcurrentHistogram`), microseconds from 1 µs to 1 h, {SignificantDigits} significant digits (every value within 0.1 %)";

    public long Count => _histogram.TotalCount;

    /// <summary>The largest value recorded (clamped to the range); 0 when nothing was recorded.</summary>
    public long Max => Interlocked.Read(ref _max);

    /// <summary>Records one latency; safe from many threads at once.</summary>
    public void Record(long micros)
    {
        var value = Math.Clamp(micros, 0, HighestTrackableMicros);
        _histogram.RecordValue(value);
        AtomicMax.Raise(ref _max, value);
    }

    /// <summary>
    /// The value at or below which <paramref name="percentile"/> % of the recorded values lie (the highest value
    /// equivalent to the bucket that holds that rank); 0 when nothing was recorded.
    /// </summary>
    public long ValueAtPercentile(double percentile)
    {
        if (Count == 0)
        {
            return 0;
        }
        try
        {
            return _histogram.GetValueAtPercentile(Math.Clamp(percentile, 0, 100));
        }
        catch (ArgumentOutOfRangeException)
        {
            // Read while receive loops record (the live progress line): the total ran ahead of the counts seen.
            return Max;
        }
    }

    /// <summary>Adds every value of <paramref name="other"/> to this one (not while <paramref name="other"/> is recorded into).</summary>
    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        _histogram.Add(other._histogram);
        AtomicMax.Raise(ref _max, other.Max);
    }
}
