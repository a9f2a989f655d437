using System.Net.WebSockets;
using System.Threading.Channels;
using OrleansChat.Grains;
using OrleansChat.Grains.Protocol;
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
        _rateLimiter = new CommandRateLimiter(_options.RatePerSecond, _options.RateBurst);
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
        await StopCommandsAndLeaveAsync();
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

    /// <summary>
    /// Lets the command in flight finish (and reply), runs no command after it, and commits the leaves of every
    /// room: the user stops being a member as soon as the server gives up on the socket, not when the close
    /// handshake ends.
    /// </summary>
    private async Task StopCommandsAndLeaveAsync()
    {
        _stopping = true;
        try
        {
            if (await _commandGate.WaitAsync(_options.CloseTimeout))
            {
                _commandGate.Release();
            }
        }
        catch (ObjectDisposedException)
        {
            return;
        }
        if (!_killed)
        {
            await LeaveAllRoomsAsync();
        }
    }

    /// <summary>
    /// Drops the socket as a network failure would: no close frame, but the connection still
    /// commits its leaves as it ends (unlike <see cref="Kill"/>). Tests use it to cut one client.
    /// </summary>
    public void Abort() => _socket.Abort();

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

}
