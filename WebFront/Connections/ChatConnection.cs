using System.Diagnostics;
using System.Net.WebSockets;
using OrleansChat.Protocol;

namespace OrleansChat.WebFront.Connections;

/// <summary>
/// One client's WebSocket, from its welcome to its close: who it is, and the three parts that do the work, a
/// <see cref="ConnectionReader"/> (frames in), a <see cref="CommandHandler"/> (grain calls, replies, the rooms
/// it is in) and an <see cref="OutboundWriter"/> (frames out). Room events reach the writer from the room feeds.
/// </summary>
internal sealed partial class ChatConnection : IDisposable
{
    private readonly WebSocket _socket;
    private readonly ChatConnectionServices _services;
    private readonly OutboundWriter _outbound;
    private readonly CommandHandler _commands;
    private readonly ConnectionReader _reader;
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ChatUser _user;

    public ChatConnection(WebSocket socket, ConnectionStream? stream, ChatUser user, ChatConnectionServices services)
    {
        _socket = socket;
        _services = services;
        _user = user;
        _outbound = new OutboundWriter(socket, stream, services, Id, OnFault);
        _commands = new CommandHandler(this, _outbound, services);
        _reader = new ConnectionReader(socket, stream, _outbound, _commands, services);
    }

    /// <summary>Unique per connection (logs).</summary>
    public string Id { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Frames queued for this socket and not yet written.</summary>
    public int QueuedFrames => _outbound.Queued;

    /// <summary>The user as of its last rename; later commands carry this name.</summary>
    public ChatUser User
    {
        get => Volatile.Read(ref _user);
        set => Volatile.Write(ref _user, value);
    }

    /// <summary>The rooms this connection is in now.</summary>
    public IReadOnlyList<string> JoinedRooms => _commands.JoinedRooms;

    /// <summary>Runs the connection until its socket is closed: welcome first, then commands and events.</summary>
    public async Task RunAsync(WelcomeReply welcome)
    {
        // The socket outlives its upgrade request by hours: each command is a trace of its own, not a child of that request's span.
        Activity.Current = null;
        _services.Metrics.ConnectionOpened();
        _outbound.Send(welcome, ProtocolJsonContext.Default.WelcomeReply);
        var writer = _outbound.RunAsync();
        try
        {
            await _reader.RunAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (IsSocketGone(exception))
        {
            LogSocketGone(_services.Logger, Id, exception);
        }
        catch (Exception exception)
        {
            LogFault(_services.Logger, Id, exception);
            _outbound.RequestClose(CloseCodes.InternalError, "internal error", flush: false);
        }
        finally
        {
            await _commands.LeaveAllAsync().ConfigureAwait(false);
            _outbound.RequestClose(CloseCodes.Normal, "", flush: false);
            await writer.ConfigureAwait(false);
            _services.Metrics.ConnectionClosed();
            _finished.TrySetResult();
        }
    }

    /// <summary>The front end stops: finish the command in flight, commit this connection's leaves, close with 1001.</summary>
    public async Task ShutdownAsync()
    {
        if (_finished.Task.IsCompleted)
        {
            return;
        }
        await _commands.StopAsync().ConfigureAwait(false);
        _outbound.RequestClose(CloseCodes.GoingAway, "server shutting down", flush: true);
        try
        {
            await _finished.Task.WaitAsync(_services.Options.CloseTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _socket.Abort();
        }
    }

    /// <summary>Drops the socket as a network failure would: no close frame, but the connection still commits its leaves as it ends.</summary>
    public void Abort() => _socket.Abort();

    /// <summary>Releases what the connection holds once <see cref="RunAsync"/> has ended.</summary>
    public void Dispose()
    {
        _outbound.Dispose();
        _commands.Dispose();
    }

    internal static bool IsSocketGone(Exception exception) =>
        exception is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException
        or Microsoft.AspNetCore.Connections.ConnectionAbortedException;

    /// <summary>The server closes the socket for a fault: stop taking commands and leave every room.</summary>
    private void OnFault() =>
        // Not awaited: this may run under a room feed's lock (a full queue), which must not wait for the room.
        _ = Task.Run(_commands.StopAsync);
}
