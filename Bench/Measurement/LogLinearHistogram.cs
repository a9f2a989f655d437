using System.Numerics;

namespace OrleansChat.Bench.Measurement;

/// <summary>
/// A log-linear histogram of non-negative integer values (the bench records microseconds), in the manner of
/// HdrHistogram: each power of two is split into <see cref="SubBuckets"/>/2 linear buckets, so any recorded value is
/// known to within 1/64 (1.6 %) of itself, from 1 up to 2^40, in 2,560 counters. Recording is lock-free and may run
/// on many threads at once; reading while recording gives a consistent-enough snapshot for progress output.
/// </summary>
public sealed class LogLinearHistogram
{
    /// <summary>Linear buckets of the first power-of-two range; every later range has half as many, twice as wide.</summary>
    public const int SubBuckets = 128;
    private const int HalfSubBuckets = SubBuckets / 2;
    private const int SubBucketBits = 7;
    private const int MaxExponent = 40;

    private readonly long[] _counts = new long[(MaxExponent - SubBucketBits + 2) * HalfSubBuckets];
    private long _count;
    private long _sum;
    private long _min = long.MaxValue;
    private long _max;

    /// <summary>The largest value that is recorded as itself; larger values are clamped to it.</summary>
    public static long HighestTrackable => (1L << MaxExponent) - 1;

    public long Count => Interlocked.Read(ref _count);

    public long Max => Count == 0 ? 0 : Interlocked.Read(ref _max);

    public long Min => Count == 0 ? 0 : Interlocked.Read(ref _min);

    public double Mean => Count == 0 ? 0 : (double)Interlocked.Read(ref _sum) / Count;

    public void Record(long value)
    {
        value = Math.Clamp(value, 0, HighestTrackable);
        Interlocked.Increment(ref _counts[IndexOf(value)]);
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _sum, value);
        UpdateMax(value);
        UpdateMin(value);
    }

    /// <summary>Adds every count of <paramref name="other"/> to this one.</summary>
    public void Add(LogLinearHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Count == 0)
        {
            return;
        }
        for (var i = 0; i < _counts.Length; i++)
        {
            var c = Interlocked.Read(ref other._counts[i]);
            if (c != 0)
            {
                Interlocked.Add(ref _counts[i], c);
            }
        }
        Interlocked.Add(ref _count, other.Count);
        Interlocked.Add(ref _sum, Interlocked.Read(ref other._sum));
        UpdateMax(other.Max);
        UpdateMin(other.Min);
    }

    /// <summary>
    /// The value at the given percentile (0-100): the highest value equivalent to the bucket that holds the
    /// rank ceil(p/100 * count), never above the largest value recorded. 0 when nothing was recorded.
    /// </summary>
    public long ValueAtPercentile(double percentile)
    {
        var count = Count;
        if (count == 0)
        {
            return 0;
        }
        var rank = Math.Max(1, (long)Math.Ceiling(Math.Clamp(percentile, 0, 100) / 100.0 * count));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return Math.Min(HighestEquivalent(i), Max);
            }
        }
        return Max;
    }

    internal static int IndexOf(long value)
    {
        // The range (exponent) is how far the value's top bit lies above the first linear range.
        var top = 63 - BitOperations.LeadingZeroCount((ulong)value | (SubBuckets - 1));
        var range = top - (SubBucketBits - 1);
        var sub = (int)(value >> range);
        return range * HalfSubBuckets + sub;
    }

    internal static long HighestEquivalent(int index)
    {
        int range;
        long sub;
        if (index < SubBuckets)
        {
            range = 0;
            sub = index;
        }
        else
        {
            range = (index / HalfSubBuckets) - 1;
            sub = (index % HalfSubBuckets) + HalfSubBuckets;
        }
        return ((sub + 1) << range) - 1;
    }

    private void UpdateMax(long value)
    {
        var current = Interlocked.Read(ref _max);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref _max, value, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }

    private void UpdateMin(long value)
    {
        var current = Interlocked.Read(ref _min);
        while (value < current)
        {
            var seen = Interlocked.CompareExchange(ref _min, value, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }
}
