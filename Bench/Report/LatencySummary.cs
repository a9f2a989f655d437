using OrleansChat.Bench.Measurement;

namespace OrleansChat.Bench.Report;

/// <summary>Latency percentiles in milliseconds, and how many samples they come from.</summary>
public sealed record LatencySummary(double P50, double P90, double P99, double P999, double Max, long Count)
{
    public static LatencySummary Empty { get; } = new(0, 0, 0, 0, 0, 0);

    /// <summary>From a histogram of microseconds.</summary>
    public static LatencySummary From(LatencyHistogram microseconds)
    {
        ArgumentNullException.ThrowIfNull(microseconds);
        return new LatencySummary(
            Ms(microseconds.ValueAtPercentile(50)),
            Ms(microseconds.ValueAtPercentile(90)),
            Ms(microseconds.ValueAtPercentile(99)),
            Ms(microseconds.ValueAtPercentile(99.9)),
            Ms(microseconds.Max),
            microseconds.Count);
    }

    private static double Ms(long microseconds) => microseconds / 1000.0;
}
