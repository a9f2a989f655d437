using OrleansChat.Bench.Measurement;

namespace OrleansChat.Tests.Bench;

[Trait("Category", "Unit")]
public sealed class LatencyHistogramTests
{
    [Fact]
    public void ValueAtPercentile_UniformOneToTenThousand_WithinAThousandth()
    {
        var histogram = new LatencyHistogram();
        for (var v = 1; v <= 10_000; v++)
        {
            histogram.Record(v);
        }

        Assert.Equal(10_000, histogram.Count);
        Assert.InRange(histogram.ValueAtPercentile(50), 5_000, 5_005);
        Assert.InRange(histogram.ValueAtPercentile(90), 9_000, 9_009);
        Assert.InRange(histogram.ValueAtPercentile(99), 9_900, 9_910);
        Assert.InRange(histogram.ValueAtPercentile(99.9), 9_990, 10_010);
        Assert.Equal(10_000, histogram.Max);
    }

    [Fact]
    public void ValueAtPercentile_SmallValues_AreExact()
    {
        var histogram = new LatencyHistogram();
        foreach (var v in new long[] { 3, 3, 7, 100 })
        {
            histogram.Record(v);
        }

        Assert.Equal(3, histogram.ValueAtPercentile(50));
        Assert.Equal(7, histogram.ValueAtPercentile(75));
        Assert.Equal(100, histogram.ValueAtPercentile(100));
        Assert.Equal(100, histogram.Max);
    }

    [Fact]
    public void ValueAtPercentile_OneOutlierInAThousand_ShowsAtTheTailOnly()
    {
        var histogram = new LatencyHistogram();
        for (var i = 0; i < 999; i++)
        {
            histogram.Record(1_000);
        }
        histogram.Record(5_000_000);

        Assert.Equal(1_000, histogram.ValueAtPercentile(99));
        Assert.Equal(1_000, histogram.ValueAtPercentile(99.9));
        Assert.InRange(histogram.ValueAtPercentile(99.99), 5_000_000, 5_005_000);
        Assert.Equal(5_000_000, histogram.Max);
    }

    [Fact]
    public void Record_ManyThreadsAtOnce_LosesNothing()
    {
        var histogram = new LatencyHistogram();

        // Eight receive loops, each recording 1..50,000 µs: the combined distribution is that uniform one, eight times over.
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            for (var v = 1; v <= 50_000; v++)
            {
                histogram.Record(v);
            }
        });

        Assert.Equal(400_000, histogram.Count);
        Assert.Equal(50_000, histogram.Max);
        Assert.InRange(histogram.ValueAtPercentile(50), 25_000, 25_025);
        Assert.InRange(histogram.ValueAtPercentile(99), 49_500, 49_550);
    }

    [Fact]
    public void Record_BeyondTheRangeOrNegative_IsClampedNotThrown()
    {
        var histogram = new LatencyHistogram();

        histogram.Record(-5);
        histogram.Record(LatencyHistogram.HighestTrackableMicros * 10);

        Assert.Equal(2, histogram.Count);
        Assert.Equal(0, histogram.ValueAtPercentile(50));
        Assert.Equal(LatencyHistogram.HighestTrackableMicros, histogram.Max);
    }

    [Fact]
    public void ValueAtPercentile_NothingRecorded_IsZero()
    {
        var histogram = new LatencyHistogram();

        Assert.Equal(0, histogram.ValueAtPercentile(99));
        Assert.Equal(0, histogram.Max);
    }

    [Fact]
    public void Add_TwoHistograms_PercentilesOfTheUnion()
    {
        var fast = new LatencyHistogram();
        var slow = new LatencyHistogram();
        for (var i = 0; i < 90; i++)
        {
            fast.Record(100);
        }
        for (var i = 0; i < 10; i++)
        {
            slow.Record(40_000);
        }

        fast.Add(slow);

        Assert.Equal(100, fast.Count);
        Assert.Equal(100, fast.ValueAtPercentile(90));
        Assert.InRange(fast.ValueAtPercentile(91), 40_000, 40_040);
        Assert.Equal(40_000, fast.Max);
    }

    [Fact]
    public async Task ReadWhileRecording_PercentilesAndMax_NeverThrow()
    {
        var histogram = new LatencyHistogram();

        // The live progress line reads p99 while every receive loop records.
        var writers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 300_000; i++)
            {
                histogram.Record((i % 100_000) + 1);
            }
        })).ToArray();
        var all = Task.WhenAll(writers);
        while (!all.IsCompleted)
        {
            Assert.InRange(histogram.ValueAtPercentile(99), 0, 100_100);
            Assert.InRange(histogram.Max, 0, 100_000);
            await Task.Yield();
        }
        await all;

        Assert.Equal(1_200_000, histogram.Count);
        Assert.Equal(100_000, histogram.Max);
        Assert.InRange(histogram.ValueAtPercentile(50), 50_000, 50_050);
    }
}
