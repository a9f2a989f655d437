using System.Buffers.Text;
using System.Text;
using OrleansChat.Runtime.Storage;

namespace OrleansChat.Runtime.Redis.Streams;

/// <summary>
/// The pub/sub message of one commit, as the commit script builds it: <c>"&lt;first seq&gt; &lt;count&gt;"</c>, then
/// per event <c>"\n&lt;length&gt;\n"</c> and its bytes. One message per commit, so a batch of appends costs one publish.
/// </summary>
internal static class RedisEventPayload
{
    public static bool TryDecode(ReadOnlySpan<byte> payload, out List<LoggedEvent> events)
    {
        events = [];
        if (!TryReadNumber(ref payload, (byte)' ', out var first) || !TryReadNumber(ref payload, (byte)'\n', out var count) || count < 0)
        {
            return false;
        }
        for (long i = 0; i < count; i++)
        {
            // Every event starts with "\n<length>\n"; the first '\n' ended the count (or the previous event's bytes).
            if (!TryReadNumber(ref payload, (byte)'\n', out var length) || length < 0 || length > payload.Length)
            {
                return false;
            }
            events.Add(new LoggedEvent(first + i, payload[..(int)length].ToArray()));
            payload = payload[(int)length..];
            if (i + 1 < count)
            {
                if (payload.IsEmpty || payload[0] != (byte)'\n')
                {
                    return false;
                }
                payload = payload[1..];
            }
        }
        return payload.IsEmpty;
    }

    /// <summary>Builds a payload the way the commit script does.</summary>
    public static byte[] Encode(long firstSeq, IReadOnlyList<byte[]> events)
    {
        using var buffer = new MemoryStream();
        buffer.Write(Encoding.ASCII.GetBytes($"{firstSeq} {events.Count}"));
        foreach (var data in events)
        {
            buffer.Write(Encoding.ASCII.GetBytes($"\n{data.Length}\n"));
            buffer.Write(data);
        }
        return buffer.ToArray();
    }

    /// <summary>Reads digits up to <paramref name="terminator"/> (or the end) and skips the terminator.</summary>
    private static bool TryReadNumber(ref ReadOnlySpan<byte> payload, byte terminator, out long value)
    {
        var end = payload.IndexOf(terminator);
        if (end < 0)
        {
            end = payload.Length;
        }
        if (end == 0 || !Utf8Parser.TryParse(payload[..end], out value, out var consumed) || consumed != end)
        {
            value = 0;
            return false;
        }
        payload = end == payload.Length ? [] : payload[(end + 1)..];
        return true;
    }
}
