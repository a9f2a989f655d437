using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;
using OrleansChat.WebFront.Protocol;

namespace OrleansChat.WebFront.Connections;

/// <summary>The writer loop: a bounded queue of frames, written in batches; closing.</summary>
internal sealed partial class ChatConnection
{
    private void Enqueue(ReadOnlyMemory<byte> frame)
    {
        lock (_gate)
        {
            EnqueueLocked(frame);
        }
    }

    private void EnqueueLocked(ReadOnlyMemory<byte> frame)
    {
        if (_closing || _outbound.Writer.TryWrite(frame))
        {
            return;
        }
        CloseSlowConsumerLocked();
    }

    private void CloseSlowConsumerLocked()
    {
        if (_closing)
        {
            return;
        }
        _metrics.SlowConsumerClosed();
        LogSlowConsumer(_logger, Id, _options.OutboundQueueFrames);
        RequestClose(CloseCodes.SlowConsumer, "too slow to take its events", flush: false);
    }

    /// <summary>
    /// Starts closing (the first request wins): no more frames are queued; the writer sends what is queued when
    /// <paramref name="flush"/>, then the close frame. A socket not closed within the close timeout is aborted.
    /// </summary>
    private void RequestClose(WebSocketCloseStatus status, string reason, bool flush)
    {
        lock (_gate)
        {
            if (_closing)
            {
                return;
            }
            _closeStatus = status;
            _closeReason = reason;
            _flushOnClose = flush;
            _closing = true;
            _outbound.Writer.TryComplete();
            _drained.TrySetResult();
            _closeTimer = _services.TimeProvider.CreateTimer(static state => ((ChatConnection)state!)._socket.Abort(), this, _options.CloseTimeout, Timeout.InfiniteTimeSpan);
        }
        if (status is CloseCodes.SlowConsumer or CloseCodes.FrameTooLarge or CloseCodes.BinaryFrame or CloseCodes.InternalError)
        {
            // Not awaited: this may run in a room's turn (a full queue), which must not wait for the room.
            _ = Task.Run(StopCommandsAndLeaveAsync);
        }
    }

    private async Task WriteLoopAsync()
    {
        var reader = _outbound.Reader;
        try
        {
            while (await reader.WaitToReadAsync())
            {
                if (_closing && !_flushOnClose)
                {
                    break;
                }
                await WriteBatchAsync(reader);
                SignalDrained();
            }
            if (_closeStatus is { } status && _socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(status, _closeReason, CancellationToken.None);
                _metrics.Closed((int)status);
            }
        }
        catch (Exception exception) when (IsSocketGone(exception))
        {
            LogSocketGone(_logger, Id, exception);
        }
        catch (Exception exception)
        {
            LogFault(_logger, Id, exception);
            _socket.Abort();
        }
    }

    /// <summary>Writes every frame queued now, as few writes as the batch size allows.</summary>
    private async Task WriteBatchAsync(ChannelReader<ReadOnlyMemory<byte>> reader)
    {
        var frames = 0;
        if (_stream is null)
        {
            while (reader.TryRead(out var frame))
            {
                await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                frames++;
            }
            _metrics.MessagesOut(frames);
            return;
        }
        var buffer = ArrayPool<byte>.Shared.Rent(BatchBytes);
        var used = 0;
        try
        {
            while (!(_closing && !_flushOnClose) && reader.TryRead(out var frame))
            {
                var needed = frame.Length + ConnectionStream.MaxFrameHeaderLength;
                if (used + needed > buffer.Length)
                {
                    if (used > 0)
                    {
                        await _stream.WriteTextFramesAsync(buffer.AsMemory(0, used), CancellationToken.None);
                        used = 0;
                    }
                    if (needed > buffer.Length)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = ArrayPool<byte>.Shared.Rent(needed);
                    }
                }
                used += ConnectionStream.WriteTextFrameHeader(buffer.AsSpan(used), frame.Length);
                frame.Span.CopyTo(buffer.AsSpan(used));
                used += frame.Length;
                frames++;
            }
            if (used > 0)
            {
                await _stream.WriteTextFramesAsync(buffer.AsMemory(0, used), CancellationToken.None);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _metrics.MessagesOut(frames);
        }
    }

    private static bool IsSocketGone(Exception exception) =>
        exception is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException
        or Microsoft.AspNetCore.Connections.ConnectionAbortedException;
}
