using System.Text;
using OrleansChat.Bench.Measurement;

namespace OrleansChat.Tests.Bench;

[Trait("Category", "Unit")]
public sealed class BenchTextTests
{
    [Fact]
    public void TryParse_FormattedText_ReturnsTheNumbers()
    {
        var buffer = new byte[BenchText.MaxLength + 20];
        var length = BenchText.Format(buffer, 7, 3, 123_456, 987_654_321_012, padding: 10);
        var text = Encoding.UTF8.GetString(buffer, 0, length);

        Assert.StartsWith("b:7:3:123456:987654321012:", text, StringComparison.Ordinal);
        Assert.True(BenchText.TryParse(buffer.AsSpan(2, length - 2), out var step, out var sender, out var seq, out var ticks));
        Assert.Equal((7, 3, 123_456L, 987_654_321_012L), (step, sender, seq, ticks));
    }

    [Fact]
    public void TryParse_AfterMarkerInASerializedEvent_FindsTheNumbersUpToTheQuote()
    {
        var frame = """{"type":"message","room":"r","seq":9,"user":{"id":"u","name":"n"},"text":"b:1:2:3:4","at":"2026-01-01T00:00:00.000Z"}"""u8;
        var at = frame.IndexOf(BenchText.Marker);

        Assert.True(BenchText.TryParse(frame[(at + BenchText.Marker.Length)..], out var step, out var sender, out var seq, out var ticks));
        Assert.Equal((1, 2, 3L, 4L), (step, sender, seq, ticks));
    }

    [Fact]
    public void TryParse_TruncatedText_IsRefused()
    {
        Assert.False(BenchText.TryParse("1:2:3"u8, out _, out _, out _, out _));
        Assert.False(BenchText.TryParse("hello"u8, out _, out _, out _, out _));
    }
}
