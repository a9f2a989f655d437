using System.Buffers.Text;

namespace OrleansChat.Bench.Measurement;

/// <summary>
/// The text a bench sender puts in a message: <c>b:&lt;step&gt;:&lt;sender&gt;:&lt;seq&gt;:&lt;ticks&gt;</c>, where ticks is the
/// <see cref="Stopwatch"/> timestamp of the intended send time (open loop), optionally followed by padding.
/// Receivers find it by its JSON key and value prefix, without parsing the whole frame.
/// </summary>
public static class BenchText
{
    /// <summary>The bytes that precede the numbers in a serialized event: the <c>text</c> key and the "b:" prefix.</summary>
    public static ReadOnlySpan<byte> Marker => "\"text\":\"b:"u8;

    /// <summary>Writes the text into <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Format(Span<byte> destination, int step, int sender, long seq, long intendedTicks, int padding)
    {
        var written = 0;
        "b:"u8.CopyTo(destination);
        written += 2;
        written += WriteNumber(destination[written..], step);
        destination[written++] = (byte)':';
        written += WriteNumber(destination[written..], sender);
        destination[written++] = (byte)':';
        written += WriteNumber(destination[written..], seq);
        destination[written++] = (byte)':';
        written += WriteNumber(destination[written..], intendedTicks);
        if (padding > 0)
        {
            destination[written++] = (byte)':';
            destination.Slice(written, padding).Fill((byte)'x');
            written += padding;
        }
        return written;
    }

    /// <summary>The longest text without padding.</summary>
    public const int MaxLength = 2 + (4 * 21);

    /// <summary>
    /// Parses the numbers that follow the marker (<paramref name="text"/> starts right after "b:").
    /// False when they are not all there.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out int step, out int sender, out long seq, out long intendedTicks)
    {
        sender = 0;
        seq = 0;
        intendedTicks = 0;
        if (!Utf8Parser.TryParse(text, out step, out var used) || !Next(ref text, used)
            || !Utf8Parser.TryParse(text, out sender, out used) || !Next(ref text, used)
            || !Utf8Parser.TryParse(text, out seq, out used) || !Next(ref text, used))
        {
            return false;
        }
        return Utf8Parser.TryParse(text, out intendedTicks, out _);
    }

    private static bool Next(ref ReadOnlySpan<byte> text, int used)
    {
        if (used >= text.Length || text[used] != (byte)':')
        {
            return false;
        }
        text = text[(used + 1)..];
        return true;
    }

    private static int WriteNumber(Span<byte> destination, long value) =>
        Utf8Formatter.TryFormat(value, destination, out var written) ? written : throw new ArgumentException("Buffer too small.", nameof(destination));
}
