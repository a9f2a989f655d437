using OrleansChat.Bench.Measurement;

namespace OrleansChat.Tests.Bench;

[Trait("Category", "Unit")]
public sealed class LogLinearHistogramTests
{
    [Fact]
    public void ValueAtPercentile_UniformOneToTenThousand_WithinResolution()
    {
        var histogram = new LogLinearHistogram();
        for (var v = 1; v <= 10_000; v++)
        {
            histogram.Record(v);
        }

        Assert.Equal(10_000, histogram.Count);
        Assert.InRange(histogram.ValueAtPercentile(50), 5_000, 5_000 * 1.016);
        Assert.InRange(histogram.ValueAtPercentile(99), 9_900, 9_900 * 1.016);
        Assert.InRange(histogram.ValueAtPercentile(99.9), 9_990, 10_000);
        Assert.Equal(10_000, histogram.Max);
        Assert.Equal(1, histogram.Min);
    }

    [Fact]
    public void ValueAtPercentile_SmallValues_AreExact()
    {
        var histogram = new LogLinearHistogram();
        foreach (var v in new long[] { 3, 3, 7, 100 })
        {
            histogram.Record(v);
        }

        Assert.Equal(3, histogram.ValueAtPercentile(50));
        Assert.Equal(7, histogram.ValueAtPercentile(75));
        Assert.Equal(100, histogram.ValueAtPercentile(100));
    }

    [Fact]
    public void ValueAtPercentile_OneOutlierInAThousand_ShowsAtTheTailOnly()
    {
        var histogram = new LogLinearHistogram();
        for (var i = 0; i < 999; i++)
        {
            histogram.Record(1_000);
        }
        histogram.Record(5_000_000);

        Assert.InRange(histogram.ValueAtPercentile(99), 1_000, 1_016);
        Assert.InRange(histogram.ValueAtPercentile(99.95), 5_000_000 * 0.984, 5_000_000);
        Assert.Equal(5_000_000, histogram.Max);
    }

    [Fact]
    public void Add_TwoHistograms_CountsAndExtremesCombine()
    {
        var a = new LogLinearHistogram();
        var b = new LogLinearHistogram();
        a.Record(10);
        b.Record(1_000_000);

        a.Add(b);

        Assert.Equal(2, a.Count);
        Assert.Equal(10, a.Min);
        Assert.Equal(1_000_000, a.Max);
        Assert.Equal(10, a.ValueAtPercentile(50));
    }

    [Fact]
    public void IndexOf_EveryBucketBoundary_MapsBackToItsHighestEquivalent()
    {
        for (long v = 1; v < 1L << 30; v = (v * 3 / 2) + 1)
        {
            var highest = LogLinearHistogram.HighestEquivalent(LogLinearHistogram.IndexOf(v));
            Assert.InRange(highest, v, v + (v / 64) + 1);
        }
    }
}
