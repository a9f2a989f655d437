using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;
using OrleansChat.Protocol;
using OrleansChat.WebFront.Feeds;

namespace OrleansChat.WebFront.Connections;

/// <summary>
/// A connection's outbound side: a queue of frames (replies, and room events shared by every local connection),
/// drained by one loop that writes every frame already queued before it flushes. A slow consumer is closed with
/// 1008: by its room feed when <see cref="IsBehind"/> as more events come, and here at four times the capacity.
/// Closing is requested once (the first request wins) and ends with the close frame; a socket that does not close
/// within the close timeout is aborted.
/// </summary>
internal sealed partial class OutboundWriter : IFrameSink, IDisposable
{
    /// <summary>How many bytes of frames one write carries at most (a single larger frame goes alone).</summary>
    private const int BatchBytes = 64 * 1024;

    /// <summary>A socket write this old has stalled: the client is not taking its data.</summary>
    private static readonly TimeSpan StalledWrite = TimeSpan.FromMilliseconds(250);

    /// <summary>At this many times the capacity a connection is behind even while its writes still complete.</summary>
    private const int HardLimitFactor = 4;

    private readonly WebSocket _socket;
    private readonly ConnectionStream? _stream;
    private readonly ChatConnectionServices _services;
    private readonly string _connectionId;
    private readonly Channel<ReadOnlyMemory<byte>> _queue;
    private readonly Action _onFault;
    private readonly Lock _lock = new();
    private TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CloseRequest? _close;
    private ITimer? _closeTimer;
    private long _writeStarted;

    // onFault runs once when the server closes the socket for a fault of its own or the client's (1003, 1008,
    // 1009, 1011): the connection then stops taking commands and leaves its rooms.
    public OutboundWriter(WebSocket socket, ConnectionStream? stream, ChatConnectionServices services, string connectionId, Action onFault)
    {
        _socket = socket;
        _stream = stream;
        _services = services;
        _connectionId = connectionId;
        _onFault = onFault;
        Capacity = services.Options.OutboundQueueFrames;
        _queue = Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(HardLimitFactor * Capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public int Capacity { get; }

    /// <summary>Frames queued and not yet written.</summary>
    public int Queued => _queue.Reader.Count;

    /// <summary>True once a close was requested: nothing more is queued.</summary>
    public bool IsClosing => Volatile.Read(ref _close) is not null;

    /// <summary>
    /// Behind: <see cref="Capacity"/> frames wait while the socket write under way has stalled. A full queue alone is
    /// not enough: a pull hands a room's burst over at once, and a client that reads takes it within a write or two.
    /// </summary>
    public bool IsBehind
    {
        get
        {
            var started = Volatile.Read(ref _writeStarted);
            // The count last: the channel takes its lock to count.
            return started != 0 && _services.TimeProvider.GetElapsedTime(started) >= StalledWrite && _queue.Reader.Count >= Capacity;
        }
    }

    /// <summary>
    /// Queues a frame past <see cref="Capacity"/> if need be: room events are checked a delivery at a time by their
    /// feed (<see cref="IsBehind"/>), and replies by the reader, which takes no command while half the queue is taken.
    /// Only at four times the capacity is the connection closed here, however its writes go.
    /// </summary>
    public void Enqueue(ReadOnlyMemory<byte> frame)
    {
        if (_queue.Writer.TryWrite(frame) || IsClosing)
        {
            return;
        }
        CloseSlowConsumer();
    }

    /// <summary>Serializes a reply and queues it.</summary>
    public void Send<T>(T reply, JsonTypeInfo<T> typeInfo) => Enqueue(JsonSerializer.SerializeToUtf8Bytes(reply, typeInfo));

    /// <summary>Serializes an error reply and queues it.</summary>
    public void SendError(ErrorReply error) => Send(error, ProtocolJsonContext.Default.ErrorReply);

    public void CloseSlowConsumer()
    {
        if (IsClosing)
        {
            return;
        }
        if (RequestClose(CloseCodes.SlowConsumer, "too slow to take its events", flush: false))
        {
            _services.Metrics.SlowConsumerClosed();
            LogSlowConsumer(_services.Logger, _connectionId, Capacity);
        }
    }

    public void CloseInternalError() => RequestClose(CloseCodes.InternalError, "internal error", flush: false);

    /// <summary>
    /// Starts closing: no more frames are queued; the writer sends what is queued when <paramref name="flush"/>,
    /// then the close frame. Returns false when a close was already requested.
    /// </summary>
    public bool RequestClose(WebSocketCloseStatus status, string reason, bool flush)
    {
        lock (_lock)
        {
            if (_close is not null)
            {
                return false;
            }
            Volatile.Write(ref _close, new CloseRequest(status, reason, flush));
            _queue.Writer.TryComplete();
            _drained.TrySetResult();
            _closeTimer = _services.TimeProvider.CreateTimer(static state => ((WebSocket)state!).Abort(), _socket, _services.Options.CloseTimeout, Timeout.InfiniteTimeSpan);
        }
        if (status is CloseCodes.SlowConsumer or CloseCodes.FrameTooLarge or CloseCodes.BinaryFrame or CloseCodes.InternalError)
        {
            _onFault();
        }
        return true;
    }

    /// <summary>
    /// Holds the reader while half the queue is taken: a client that sends faster than it reads slows down (TCP
    /// pushes back) instead of filling the queue with its own replies. The other half stays free for room
    /// events, whose overflow is what marks a slow consumer.
    /// </summary>
    public async Task WaitForRoomAsync()
    {
        var threshold = Math.Max(1, Capacity / 2);
        while (!IsClosing)
        {
            Task drained;
            lock (_lock)
            {
                if (_queue.Reader.Count < threshold)
                {
                    return;
                }
                drained = _drained.Task;
            }
            await drained.ConfigureAwait(false);
        }
    }

    /// <summary>The writer loop: runs until the close frame is sent or the socket is gone.</summary>
    public async Task RunAsync()
    {
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                if (_close is { Flush: false })
                {
                    break;
                }
                await WriteBatchAsync(reader).ConfigureAwait(false);
                SignalDrained();
            }
            if (_close is { } close && _socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(close.Status, close.Reason, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (ChatConnection.IsSocketGone(exception))
        {
            LogSocketGone(_services.Logger, _connectionId, exception);
        }
        catch (Exception exception)
        {
            LogWriteFault(_services.Logger, _connectionId, exception);
            _socket.Abort();
        }
    }

    /// <summary>Stops the close timer once the connection has ended.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _closeTimer?.Dispose();
        }
    }

    private void SignalDrained()
    {
        TaskCompletionSource drained;
        lock (_lock)
        {
            drained = _drained;
            _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        drained.TrySetResult();
    }

    /// <summary>Writes every frame queued now, in as few writes as the batch size allows.</summary>
    private async Task WriteBatchAsync(ChannelReader<ReadOnlyMemory<byte>> reader)
    {
        var frames = 0;
        if (_stream is null)
        {
            while (reader.TryRead(out var frame))
            {
                await TimedAsync(_socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None)).ConfigureAwait(false);
                frames++;
            }
            _services.Metrics.FramesSent(frames);
            return;
        }
        var buffer = ArrayPool<byte>.Shared.Rent(BatchBytes);
        var used = 0;
        try
        {
            while (_close is not { Flush: false } && reader.TryRead(out var frame))
            {
                var needed = frame.Length + ConnectionStream.MaxFrameHeaderLength;
                if (used + needed > buffer.Length)
                {
                    if (used > 0)
                    {
                        await TimedAsync(_stream.WriteTextFramesAsync(buffer.AsMemory(0, used), CancellationToken.None)).ConfigureAwait(false);
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
                await TimedAsync(_stream.WriteTextFramesAsync(buffer.AsMemory(0, used), CancellationToken.None)).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _services.Metrics.FramesSent(frames);
        }
    }

    /// <summary>Awaits a socket write, noting when it started while it is under way (see <see cref="IsBehind"/>).</summary>
    private async ValueTask TimedAsync(ValueTask write)
    {
        if (write.IsCompletedSuccessfully)
        {
            write.GetAwaiter().GetResult();
            return;
        }
        Volatile.Write(ref _writeStarted, _services.TimeProvider.GetTimestamp());
        try
        {
            await write.ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _writeStarted, 0);
        }
    }

    private sealed record CloseRequest(WebSocketCloseStatus Status, string Reason, bool Flush);
}
