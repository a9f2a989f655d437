using System.Buffers;
using System.Net.WebSockets;
using OrleansChat.Grains.Protocol;
using OrleansChat.Runtime.Activation;
using OrleansChat.Runtime.Storage;
using OrleansChat.WebFront.Protocol;

namespace OrleansChat.WebFront.Connections;

/// <summary>The reader loop: frames in, limits checked, one command at a time.</summary>
internal sealed partial class ChatConnection
{
    private async Task ReadLoopAsync()
    {
        while (_socket.State is WebSocketState.Open or WebSocketState.CloseSent)
        {
            // A zero-byte read waits for the next message without holding a buffer: idle sockets cost none.
            var first = await _socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None);
            if (first.MessageType == WebSocketMessageType.Close)
            {
                OnClientClose();
                return;
            }
            var type = first.MessageType;
            if (_stream is not null && _stream.TryTakeMessageType(out var sent))
            {
                type = sent;
            }
            if (_closing)
            {
                // After our close frame, whatever the client still sends is read and dropped.
                if (!await DiscardAsync(first.EndOfMessage))
                {
                    return;
                }
                continue;
            }
            if (type == WebSocketMessageType.Binary)
            {
                RequestClose(CloseCodes.BinaryFrame, "binary frames are not supported", flush: false);
                if (!await DiscardAsync(first.EndOfMessage))
                {
                    return;
                }
                continue;
            }
            if (!await ReadMessageAsync(first.EndOfMessage))
            {
                return;
            }
        }
    }

    /// <summary>Reads one text message into a pooled buffer and handles it; false when the client closed meanwhile.</summary>
    private async Task<bool> ReadMessageAsync(bool complete)
    {
        var limit = _options.MaxFrameBytes;
        var buffer = ArrayPool<byte>.Shared.Rent(limit + 1);
        try
        {
            var length = 0;
            while (!complete && length <= limit)
            {
                var result = await _socket.ReceiveAsync(buffer.AsMemory(length, limit + 1 - length), CancellationToken.None);
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
                RequestClose(CloseCodes.FrameTooLarge, $"frames are limited to {limit} bytes", flush: false);
                return complete || await DiscardAsync(complete);
            }
            await HandleFrameAsync(buffer.AsMemory(0, length));
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads the rest of the current message without keeping it; false when the client closed meanwhile.</summary>
    private async Task<bool> DiscardAsync(bool complete)
    {
        while (!complete)
        {
            var result = await _socket.ReceiveAsync(Discard.AsMemory(), CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                OnClientClose();
                return false;
            }
            complete = result.EndOfMessage;
        }
        return true;
    }

    private void OnClientClose()
    {
        // Answer the client's close with its own code (1000 when it gave none), as RFC 6455 suggests.
        RequestClose(_socket.CloseStatus ?? CloseCodes.Normal, "", flush: false);
    }

    /// <summary>
    /// Holds the reader while half the outbound queue is taken: a client that sends faster than it reads slows
    /// down (TCP pushes back) instead of filling the queue with its own replies. The other half stays free for
    /// room events, whose overflow is what marks a slow consumer.
    /// </summary>
    private async Task WaitForQueueRoomAsync()
    {
        var threshold = Math.Max(1, _options.OutboundQueueFrames / 2);
        while (!_closing)
        {
            Task drained;
            lock (_gate)
            {
                if (_outbound.Reader.Count < threshold)
                {
                    return;
                }
                drained = _drained.Task;
            }
            await drained;
        }
    }

    private void SignalDrained()
    {
        TaskCompletionSource drained;
        lock (_gate)
        {
            drained = _drained;
            _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        drained.TrySetResult();
    }

    private async Task HandleFrameAsync(ReadOnlyMemory<byte> frame)
    {
        _metrics.MessageIn();
        await WaitForQueueRoomAsync();
        var parsed = _services.Parser.Parse(frame);
        if (parsed.Error is { } invalid)
        {
            SendError(invalid);
            return;
        }
        var command = parsed.Command!;
        await _commandGate.WaitAsync();
        try
        {
            if (_stopping)
            {
                return;
            }
            if (!_rateLimiter.TryAcquire())
            {
                SendError(new ErrorReply(command.Ref, ErrorCodes.RateLimited,
                    $"Too many commands: at most {_options.RatePerSecond} per second (bursts of {_options.RateBurst}). Nothing was done."));
                return;
            }
            await ExecuteAsync(command);
        }
        catch (Exception exception) when (exception is StoreUnavailableException or SiloUnavailableException)
        {
            LogUnavailable(_logger, Id, command.Type, exception.Message);
            SendError(new ErrorReply(command.Ref, ErrorCodes.Unavailable, "The cluster store cannot be reached; nothing was done. Try again shortly."));
        }
        catch (Exception exception)
        {
            LogCommandFailed(_logger, Id, command.Type, exception);
            SendError(new ErrorReply(command.Ref, ErrorCodes.Internal, "The server failed to run the command."));
        }
        finally
        {
            _commandGate.Release();
        }
    }
}
