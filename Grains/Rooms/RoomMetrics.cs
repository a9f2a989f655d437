using System.Diagnostics.Metrics;

namespace OrleansChat.Grains.Rooms;

/// <summary>
/// The rooms' group commit, on the meter <c>OrleansChat.Grains</c>: how many changes each log append carries and how
/// long it takes. Made through <see cref="IMeterFactory"/> (grains get it injected), so that each silo's host reports
/// its own rooms, even with several silos in one process.
/// </summary>
internal sealed class RoomMetrics
{
    public const string MeterName = "OrleansChat.Grains";

    private readonly Histogram<int> _commitSize;
    private readonly Histogram<double> _commitDuration;

    public RoomMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _commitSize = meter.CreateHistogram(
            "orleanschat.room.commit.size",
            unit: "{change}",
            description: "Changes (joins, leaves, sends, renames) one room log append carried: above 1, sends waited for the append before them and went together.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256] });
        _commitDuration = meter.CreateHistogram(
            "orleanschat.room.commit.duration",
            unit: "s",
            description: "Time one room log append took until it was durable (or failed).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });
    }

    public void Committed(int changes, TimeSpan duration)
    {
        _commitSize.Record(changes);
        _commitDuration.Record(duration.TotalSeconds);
    }
}
