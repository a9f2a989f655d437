using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;
using OrleansChat.Grains;
using OrleansChat.Grains.Protocol;
using OrleansChat.Runtime.Activation;
using OrleansChat.Runtime.Storage;
using OrleansChat.WebFront.Hosting;
using OrleansChat.WebFront.Metrics;
using OrleansChat.WebFront.Protocol;

namespace OrleansChat.WebFront.Connections;

/// <summary>
/// One client's WebSocket: a reader loop that runs its commands one at a time, and a writer loop that drains a
/// bounded queue of frames, writing every frame already queued before it flushes. Room events arrive through
/// <see cref="OnEvent"/> as bytes serialized once per silo and shared by every local connection; a full queue
/// closes the socket with 1008. A command's error is a reply: it never closes the socket and commits nothing.
/// </summary>
internal sealed partial class ChatConnection : IRoomSubscriber, IDisposable
{
    /// <summary>How many bytes of frames one write carries at most (a single larger frame goes alone).</summary>
    private const int BatchBytes = 64 * 1024;

    /// <summary>Where the rest of a refused message is read to; its content is never looked at.</summary>
    private static readonly byte[] Discard = new byte[4096];

    private readonly WebSocket _socket;
    private readonly ConnectionStream? _stream;
    private readonly ChatConnectionServices _services;
    private readonly WebFrontOptions _options;
    private readonly ChatMetrics _metrics;
    private readonly ILogger _logger;
    private readonly CommandRateLimiter _rateLimiter;
    private readonly Channel<ReadOnlyMemory<byte>> _outbound;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, RoomSubscription> _rooms = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _commandGate = new(1, 1);
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ChatUser _user;
    private WebSocketCloseStatus? _closeStatus;
    private string _closeReason = "";
    private volatile bool _flushOnClose;
    private volatile bool _closing;
    private volatile bool _stopping;
    private volatile bool _killed;
    private ITimer? _closeTimer;
    private TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ChatConnection(WebSocket socket, ConnectionStream? stream, ChatUser user, ChatConnectionServices services)
    {
        _socket = socket;
        _stream = stream;
        _user = user;
        _services = services;
        _options = services.Options;
        _metrics = services.Metrics;
        _logger = services.Logger;
        _rateLimiter = new CommandRateLimiter(_options.RatePerSecond, _options.RateBurst, services.TimeProvider);
        _outbound = Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(_options.OutboundQueueFrames)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Unique per connection; the rooms know the connection by it.</summary>
    public string Id { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The user as of its last rename; later events carry this name.</summary>
    public ChatUser User
    {
        get => Volatile.Read(ref _user);
        set => Volatile.Write(ref _user, value);
    }

    /// <summary>Runs the connection until its socket is closed: welcome first, then commands and events.</summary>
    public async Task RunAsync(WelcomeReply welcome)
    {
        _metrics.ConnectionOpened();
        Enqueue(Serialize(welcome, ProtocolJsonContext.Default.WelcomeReply));
        var writer = WriteLoopAsync();
        try
        {
            await ReadLoopAsync();
        }
        catch (Exception exception) when (IsSocketGone(exception))
        {
            LogSocketGone(_logger, Id, exception);
        }
        catch (Exception exception)
        {
            LogFault(_logger, Id, exception);
            RequestClose(CloseCodes.InternalError, "internal error", flush: false);
        }
        finally
        {
            if (!_killed)
            {
                await LeaveAllRoomsAsync();
            }
            RequestClose(CloseCodes.Normal, "", flush: false);
            await writer;
            _closeTimer?.Dispose();
            _metrics.ConnectionClosed();
            _finished.TrySetResult();
        }
    }

    /// <summary>The silo shuts down: finish the command in flight, commit this connection's leaves, close with 1001.</summary>
    public async Task ShutdownAsync()
    {
        if (_finished.Task.IsCompleted)
        {
            return;
        }
        _stopping = true;
        try
        {
            // The command in flight finishes (and replies) first; none starts after it.
            if (await _commandGate.WaitAsync(_options.CloseTimeout))
            {
                _commandGate.Release();
            }
        }
        catch (ObjectDisposedException)
        {
            return;
        }
        await LeaveAllRoomsAsync();
        RequestClose(CloseCodes.GoingAway, "server shutting down", flush: true);
        try
        {
            await _finished.Task.WaitAsync(_options.CloseTimeout);
        }
        catch (TimeoutException)
        {
            _socket.Abort();
        }
    }

    /// <summary>The silo was killed: drop the socket at once, committing nothing.</summary>
    public void Kill()
    {
        _killed = true;
        _stopping = true;
        _socket.Abort();
    }

    /// <summary>Releases what the connection holds once <see cref="RunAsync"/> has ended.</summary>
    public void Dispose()
    {
        _rateLimiter.Dispose();
        _commandGate.Dispose();
    }

    public void OnEvent(RoomFrame frame)
    {
        lock (_gate)
        {
            if (!_rooms.TryGetValue(frame.Event.Room, out var room))
            {
                return;
            }
            if (!room.Joining)
            {
                EnqueueLocked(frame.Json);
            }
            else if (room.Held.Count < _options.OutboundQueueFrames)
            {
                room.Held.Add(frame);
            }
            else
            {
                CloseSlowConsumerLocked();
            }
        }
    }

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

    private Task ExecuteAsync(IClientCommand command) => command switch
    {
        JoinCommand join => JoinAsync(join),
        LeaveCommand leave => LeaveAsync(leave),
        SendCommand send => SendAsync(send),
        HistoryCommand history => HistoryAsync(history),
        MembersCommand members => MembersAsync(members),
        RenameCommand rename => RenameAsync(rename),
        PingCommand ping => Reply(new PongReply(ping.Ref), ProtocolJsonContext.Default.PongReply),
        _ => throw new InvalidOperationException($"No handler for {command.Type}."),
    };

    private async Task JoinAsync(JoinCommand join)
    {
        RoomSubscription? room;
        bool isNew;
        lock (_gate)
        {
            isNew = !_rooms.TryGetValue(join.Room, out room);
            if (isNew && _rooms.Count >= _options.MaxRoomsPerConnection)
            {
                room = null;
            }
            else
            {
                if (isNew)
                {
                    room = new RoomSubscription();
                    _rooms[join.Room] = room;
                }
                room!.Joining = true;
            }
        }
        if (room is null)
        {
            SendError(new ErrorReply(join.Ref, ErrorCodes.TooManyRooms,
                $"A connection may be in at most {_options.MaxRoomsPerConnection} rooms at once; leave one first."));
            return;
        }
        RoomSnapshot snapshot;
        var started = ChatMetrics.Start();
        try
        {
            snapshot = await _services.Grains.GetGrain<IRoomGrain>(join.Room)
                .JoinAsync(new RoomJoin(User, Id, this, join.After, _options.JoinRecentEvents));
        }
        catch
        {
            lock (_gate)
            {
                if (isNew)
                {
                    _rooms.Remove(join.Room);
                }
                else
                {
                    ReleaseHeldLocked(room, null, long.MaxValue);
                }
            }
            throw;
        }
        _metrics.Committed(ProtocolTypes.Join, Stopwatch.GetElapsedTime(started));
        var reply = Serialize(new RoomReply(join.Ref, join.Room, snapshot.Seq, snapshot.Members, snapshot.Events, snapshot.Recovered), ProtocolJsonContext.Default.RoomReply);
        lock (_gate)
        {
            ReleaseHeldLocked(room, reply, snapshot.Seq);
        }
    }

    /// <summary>
    /// Ends a join: events held up to <paramref name="seq"/> (a joined connection's feed went on meanwhile), then
    /// the reply, then the events above it.
    /// </summary>
    private void ReleaseHeldLocked(RoomSubscription room, byte[]? reply, long seq)
    {
        foreach (var held in room.Held)
        {
            if (held.Event.Seq <= seq)
            {
                EnqueueLocked(held.Json);
            }
        }
        if (reply is not null)
        {
            EnqueueLocked(reply);
        }
        foreach (var held in room.Held)
        {
            if (held.Event.Seq > seq)
            {
                EnqueueLocked(held.Json);
            }
        }
        room.Held.Clear();
        room.Joining = false;
    }

    private async Task LeaveAsync(LeaveCommand leave)
    {
        if (!IsJoined(leave.Room))
        {
            SendNotJoined(leave.Ref, leave.Room);
            return;
        }
        var started = ChatMetrics.Start();
        try
        {
            await _services.Grains.GetGrain<IRoomGrain>(leave.Room).LeaveAsync(Id);
        }
        finally
        {
            // The room forgets the connection before it commits, so even a failed leave ends the feed.
            lock (_gate)
            {
                _rooms.Remove(leave.Room);
            }
        }
        _metrics.Committed(ProtocolTypes.Leave, Stopwatch.GetElapsedTime(started));
        await Reply(new AckReply(leave.Ref), ProtocolJsonContext.Default.AckReply);
    }

    private async Task SendAsync(SendCommand send)
    {
        if (!IsJoined(send.Room))
        {
            SendNotJoined(send.Ref, send.Room);
            return;
        }
        var started = ChatMetrics.Start();
        var seq = await _services.Grains.GetGrain<IRoomGrain>(send.Room).SendAsync(User, send.Text);
        _metrics.Committed(ProtocolTypes.Send, Stopwatch.GetElapsedTime(started));
        await Reply(new AckReply(send.Ref, seq), ProtocolJsonContext.Default.AckReply);
    }

    private async Task HistoryAsync(HistoryCommand history)
    {
        var events = await _services.Grains.GetGrain<IRoomGrain>(history.Room)
            .GetHistoryAsync(history.Before ?? long.MaxValue, history.Limit ?? _options.HistoryDefaultLimit);
        await Reply(new HistoryReply(history.Ref, history.Room, events), ProtocolJsonContext.Default.HistoryReply);
    }

    private async Task MembersAsync(MembersCommand members)
    {
        var current = await _services.Grains.GetGrain<IRoomGrain>(members.Room).GetMembersAsync();
        await Reply(new MembersReply(members.Ref, members.Room, current.Members), ProtocolJsonContext.Default.MembersReply);
    }

    private async Task RenameAsync(RenameCommand rename)
    {
        var started = ChatMetrics.Start();
        var user = await _services.Grains.GetGrain<IUserGrain>(User.Id).RenameAsync(rename.Name);
        _metrics.Committed(ProtocolTypes.Rename, Stopwatch.GetElapsedTime(started));
        // Every tab of this user on this silo speaks with the new name from now on.
        _services.Connections.OnUserRenamed(user);
        await Reply(new UserReply(rename.Ref, user), ProtocolJsonContext.Default.UserReply);
    }

    private bool IsJoined(string room)
    {
        lock (_gate)
        {
            return _rooms.ContainsKey(room);
        }
    }

    private void SendNotJoined(string? reference, string room) =>
        SendError(new ErrorReply(reference, ErrorCodes.NotJoined, $"This connection is not in room '{room}'; join it first."));

    private void SendError(ErrorReply error)
    {
        _metrics.Error(error.Code);
        Enqueue(Serialize(error, ProtocolJsonContext.Default.ErrorReply));
    }

    private Task Reply<T>(T reply, JsonTypeInfo<T> typeInfo)
    {
        Enqueue(Serialize(reply, typeInfo));
        return Task.CompletedTask;
    }

    private static byte[] Serialize<T>(T value, JsonTypeInfo<T> typeInfo) => JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);

    private async Task LeaveAllRoomsAsync()
    {
        string[] rooms;
        lock (_gate)
        {
            if (_rooms.Count == 0)
            {
                return;
            }
            rooms = [.. _rooms.Keys];
            _rooms.Clear();
        }
        foreach (var room in rooms)
        {
            try
            {
                var started = ChatMetrics.Start();
                await _services.Grains.GetGrain<IRoomGrain>(room).LeaveAsync(Id);
                _metrics.Committed(ProtocolTypes.Leave, Stopwatch.GetElapsedTime(started));
            }
            catch (Exception exception)
            {
                LogLeaveFailed(_logger, Id, room, exception);
            }
        }
    }

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
