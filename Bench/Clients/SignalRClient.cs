using System.Text;
using System.Text.Json;
using OrleansChat.Bench.Measurement;

namespace OrleansChat.Bench.Clients;

/// <summary>
/// A client of the SignalR peer speaking the SignalR JSON hub protocol directly over a WebSocket (no negotiate):
/// handshake <c>{"protocol":"json","version":1}</c>, invocations (type 1) of Join and Send, completions (type 3),
/// and <c>event</c> invocations from the server carrying the room events. Records end with 0x1E.
/// </summary>
public sealed class SignalRClient(int receiveBufferBytes) : BenchClient(receiveBufferBytes)
{
    private const byte RecordSeparator = 0x1e;
    private readonly byte[] _sendBuffer = new byte[4096];
    private bool _handshakeDone;

    public override async Task<JoinReply> JoinAsync(string room, long? after, CancellationToken cancellationToken)
    {
        if (after is not null)
        {
            throw new NotSupportedException("The SignalR peer keeps no history to resume from.");
        }
        var frame = Encoding.UTF8.GetBytes($$"""{"type":1,"invocationId":"j","target":"Join","arguments":["{{room}}"]}""" + "\u001e");
        var reply = await RequestAsync(frame, ReplyTimeout, cancellationToken);
        using var json = JsonDocument.Parse(reply);
        if (json.RootElement.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException($"The peer refused: {error.GetString()}");
        }
        var result = json.RootElement.GetProperty("result");
        return new JoinReply(result.GetProperty("seq").GetInt64(), false, [], 0, reply.Length);
    }

    /// <summary>Invokes Send(room, text) with the bench text; the frame is built in a reused buffer.</summary>
    public override ValueTask SendBenchAsync(string room, int step, int sender, long seq, long intendedTicks, int padding, CancellationToken cancellationToken)
    {
        var span = _sendBuffer.AsSpan();
        var n = Append(span, "{\"type\":1,\"invocationId\":\"s\",\"target\":\"Send\",\"arguments\":[\""u8);
        n += Encoding.UTF8.GetBytes(room, span[n..]);
        n += Append(span[n..], "\",\""u8);
        n += BenchText.Format(span[n..], step, sender, seq, intendedTicks, padding);
        n += Append(span[n..], "\"]}\u001e"u8);
        return SendFrameAsync(_sendBuffer.AsMemory(0, n), cancellationToken);
    }

    protected override async Task GreetAsync(Task<byte[]> firstFrame, CancellationToken cancellationToken)
    {
        await SendFrameAsync("{\"protocol\":\"json\",\"version\":1}\u001e"u8.ToArray(), cancellationToken);
        var reply = await firstFrame;
        if (reply.AsSpan().IndexOf("\"error\""u8) >= 0)
        {
            throw new InvalidOperationException($"SignalR handshake failed: {Encoding.UTF8.GetString(reply)}");
        }
    }

    protected override void OnFrame(ReadOnlySpan<byte> frame, long receivedTicks)
    {
        // One WebSocket frame may carry several records.
        while (!frame.IsEmpty)
        {
            var end = frame.IndexOf(RecordSeparator);
            var record = end < 0 ? frame : frame[..end];
            frame = end < 0 ? default : frame[(end + 1)..];
            OnRecord(record, receivedTicks);
        }
    }

    private void OnRecord(ReadOnlySpan<byte> record, long receivedTicks)
    {
        if (!_handshakeDone)
        {
            _handshakeDone = true;
            CompleteReply(record);
            return;
        }
        var at = record.IndexOf(BenchText.Marker);
        if (at >= 0 && record.StartsWith("{\"type\":1,"u8))
        {
            Receiver?.OnDelivery(record[(at + BenchText.Marker.Length)..], receivedTicks);
            return;
        }
        if (record.StartsWith("{\"type\":3,\"invocationId\":\"j\""u8))
        {
            CompleteReply(record);
            return;
        }
        if (record.StartsWith("{\"type\":3,"u8) && record.IndexOf("\"error\""u8) >= 0)
        {
            ReportError();
        }
    }

    private static int Append(Span<byte> destination, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(destination);
        return bytes.Length;
    }
}
