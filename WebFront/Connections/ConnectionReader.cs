using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using OrleansChat.Protocol;
using OrleansChat.WebFront.Telemetry;

namespace OrleansChat.WebFront.Connections;

/// <summary>
/// A connection's inbound side: frames in, limits checked (text only, at most the frame size), each message
/// parsed and handed to the command handler, one at a time. Text frames reach it as binary ones (see
/// <see cref="ConnectionStream"/>), so that invalid UTF-8 is answered with <c>bad_request</c> rather than 1007.
/// </summary>
internal sealed class ConnectionReader(WebSocket socket, ConnectionStream? stream, OutboundWriter outbound, CommandHandler commands, ChatConnectionServices services)
{
    /// <summary>Where the rest of a refused message is read to; its content is never looked at.</summary>
    private static readonly byte[] Discard = new byte[4096];

    /// <summary>Reads until the client closes or the socket is gone.</summary>
    public async Task RunAsync()
    {
        while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
        {
            // A zero-byte read waits for the next message without holding a buffer: idle sockets cost none.
            var first = await socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None).ConfigureAwait(false);
            if (first.MessageType == WebSocketMessageType.Close)
            {
                OnClientClose();
                return;
            }
            var type = first.MessageType;
            if (stream is not null && stream.TryTakeMessageType(out var sent))
            {
                type = sent;
            }
            if (outbound.IsClosing)
            {
                // After our close frame, whatever the client still sends is read and dropped.
                if (!await DiscardAsync(first.EndOfMessage).ConfigureAwait(false))
                {
                    return;
                }
                continue;
            }
            if (type == WebSocketMessageType.Binary)
            {
                outbound.RequestClose(CloseCodes.BinaryFrame, "binary frames are not supported", flush: false);
                if (!await DiscardAsync(first.EndOfMessage).ConfigureAwait(false))
                {
                    return;
                }
                continue;
            }
            if (!await ReadMessageAsync(first.EndOfMessage).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>Reads one text message into a pooled buffer and handles it; false when the client closed meanwhile.</summary>
    private async Task<bool> ReadMessageAsync(bool complete)
    {
        var limit = services.Options.MaxFrameBytes;
        var buffer = ArrayPool<byte>.Shared.Rent(limit + 1);
        try
        {
            var length = 0;
            while (!complete && length <= limit)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(length, limit + 1 - length), CancellationToken.None).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    OnClientClose();
                    return false;
                }
                length += result.Count;
                complete = result.EndOfMessage;
            }
            if (length > limit)
            {
                outbound.RequestClose(CloseCodes.FrameTooLarge, $"frames are limited to {limit} bytes", flush: false);
                return complete || await DiscardAsync(complete).ConfigureAwait(false);
            }
            await HandleMessageAsync(buffer.AsMemory(0, length)).ConfigureAwait(false);
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task HandleMessageAsync(ReadOnlyMemory<byte> message)
    {
        await outbound.WaitForRoomAsync().ConfigureAwait(false);
        var started = Stopwatch.GetTimestamp();
        var parsed = services.Parser.Parse(message);
        if (parsed.Error is { } invalid)
        {
            services.Metrics.CommandAnswered(ChatMetrics.Invalid, invalid.Code, Stopwatch.GetElapsedTime(started));
            outbound.SendError(invalid);
            return;
        }
        await commands.ExecuteAsync(parsed.Command!).ConfigureAwait(false);
    }

    /// <summary>Reads the rest of the current message without keeping it; false when the client closed meanwhile.</summary>
    private async Task<bool> DiscardAsync(bool complete)
    {
        while (!complete)
        {
            var result = await socket.ReceiveAsync(Discard.AsMemory(), CancellationToken.None).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                OnClientClose();
                return false;
            }
            complete = result.EndOfMessage;
        }
        return true;
    }

    // Answer the client's close with its own code (1000 when it gave none), as RFC 6455 suggests.
    private void OnClientClose() => outbound.RequestClose(socket.CloseStatus ?? CloseCodes.Normal, "", flush: false);
}
