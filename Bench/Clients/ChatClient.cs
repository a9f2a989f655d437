using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using OrleansChat.Bench.Measurement;

namespace OrleansChat.Bench.Clients;

/// <summary>
/// A client of the real server speaking PROTOCOL.md: waits for <c>welcome</c>, joins with an optional <c>after</c>,
/// sends <c>send</c> commands, and hands <c>message</c> events to its <see cref="BenchClient.Receiver"/>.
/// </summary>
public sealed class ChatClient(int receiveBufferBytes) : BenchClient(receiveBufferBytes)
{
    private readonly byte[] _sendBuffer = new byte[4096];

    /// <summary>The identity token from <c>welcome</c>, to resume the same user on a later connection.</summary>
    public string? Token { get; private set; }

    public string? UserId { get; private set; }

    /// <summary>Acks received for sends.</summary>
    public long Acks { get; private set; }

    public override async Task<JoinReply> JoinAsync(string room, long? after, CancellationToken cancellationToken)
    {
        var frame = after is { } a
            ? $$"""{"type":"join","room":"{{room}}","after":{{a}},"ref":"j"}"""
            : $$"""{"type":"join","room":"{{room}}","ref":"j"}""";
        var reply = await RequestAsync(Encoding.UTF8.GetBytes(frame), ReplyTimeout, cancellationToken);
        using var json = JsonDocument.Parse(reply);
        var root = json.RootElement;
        ThrowIfError(root);
        var seqs = new List<long>();
        var messages = 0;
        if (root.TryGetProperty("events", out var events))
        {
            foreach (var e in events.EnumerateArray())
            {
                seqs.Add(e.GetProperty("seq").GetInt64());
                if (e.GetProperty("type").ValueEquals("message"))
                {
                    messages++;
                }
            }
        }
        var recovered = root.TryGetProperty("recovered", out var r) && r.ValueKind == JsonValueKind.True;
        return new JoinReply(root.GetProperty("seq").GetInt64(), recovered, seqs, messages, reply.Length);
    }

    /// <summary>Sends one bench message to <paramref name="room"/>; the frame is built in a reused buffer.</summary>
    public override ValueTask SendBenchAsync(string room, int step, int sender, long seq, long intendedTicks, int padding, CancellationToken cancellationToken)
    {
        var span = _sendBuffer.AsSpan();
        var n = Append(span, "{\"type\":\"send\",\"room\":\""u8);
        n += Append(span[n..], room);
        n += Append(span[n..], "\",\"text\":\""u8);
        n += BenchText.Format(span[n..], step, sender, seq, intendedTicks, padding);
        n += Append(span[n..], "\"}"u8);
        return SendFrameAsync(_sendBuffer.AsMemory(0, n), cancellationToken);
    }

    protected override async Task GreetAsync(Task<byte[]> firstFrame, CancellationToken cancellationToken)
    {
        var welcome = await firstFrame;
        using var json = JsonDocument.Parse(welcome);
        Token = json.RootElement.GetProperty("token").GetString();
        UserId = json.RootElement.GetProperty("user").GetProperty("id").GetString();
    }

    protected override void OnFrame(ReadOnlySpan<byte> frame, long receivedTicks)
    {
        var type = FrameType(frame);
        if (type.SequenceEqual("message"u8))
        {
            var at = frame.IndexOf(BenchText.Marker);
            if (at >= 0 && Receiver is { } receiver)
            {
                receiver.OnDelivery(frame[(at + BenchText.Marker.Length)..], receivedTicks);
            }
            return;
        }
        if (type.SequenceEqual("ack"u8))
        {
            Acks++;
            return;
        }
        if (type.SequenceEqual("joined"u8) || type.SequenceEqual("left"u8))
        {
            return;
        }
        // welcome, room and errors: a reply awaited during setup, or an error during the load.
        if (!CompleteReply(frame) && type.SequenceEqual("error"u8))
        {
            ReportError();
            ErrorCodes.AddOrUpdate(FieldValue(frame, "\"code\":\""u8), 1, (_, n) => n + 1);
        }
    }

    /// <summary>Error replies received during load, by code, over the whole run (the report lists them).</summary>
    public static ConcurrentDictionary<string, long> ErrorCodes { get; } = new(StringComparer.Ordinal);

    private static string FieldValue(ReadOnlySpan<byte> frame, ReadOnlySpan<byte> key)
    {
        var at = frame.IndexOf(key);
        if (at < 0)
        {
            return "?";
        }
        var value = frame[(at + key.Length)..];
        var end = value.IndexOf((byte)'"');
        return end < 0 ? "?" : Encoding.UTF8.GetString(value[..end]);
    }

    private static ReadOnlySpan<byte> FrameType(ReadOnlySpan<byte> frame)
    {
        var key = "\"type\":\""u8;
        var at = frame.IndexOf(key);
        if (at < 0)
        {
            return default;
        }
        var value = frame[(at + key.Length)..];
        var end = value.IndexOf((byte)'"');
        return end < 0 ? default : value[..end];
    }

    private static void ThrowIfError(JsonElement root)
    {
        if (root.GetProperty("type").ValueEquals("error"))
        {
            throw new InvalidOperationException($"The server refused: {root.GetRawText()}");
        }
    }

    private static int Append(Span<byte> destination, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(destination);
        return bytes.Length;
    }

    private static int Append(Span<byte> destination, string ascii) => Encoding.UTF8.GetBytes(ascii, destination);
}
