using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using OrleansChat.Bench.Measurement;

namespace OrleansChat.Bench.Clients;

/// <summary>
/// One WebSocket connection of the load generator: a single receive loop into a reused buffer, frames handed to the
/// protocol-specific subclass as spans (no per-frame allocation), and one reply awaited at a time during setup.
/// Sends are not thread-safe: one sender loop per client.
/// </summary>
public abstract class BenchClient : IAsyncDisposable
{
    /// <summary>How long a reply awaited during setup may take.</summary>
    protected static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(30);

    private const int LargeBufferBytes = 64 * 1024;
    private static long s_framesReceived;

    private readonly ClientWebSocket _socket = new();
    private readonly int _initialBufferBytes;
    private readonly CancellationTokenSource _stop = new();
    private byte[] _buffer;
    private Task _receiving = Task.CompletedTask;
    private TaskCompletionSource<byte[]>? _pending;
    private volatile TaskCompletionSource? _paused;
    private volatile bool _closed;

    protected BenchClient(int receiveBufferBytes)
    {
        _initialBufferBytes = receiveBufferBytes;
        _buffer = ArrayPool<byte>.Shared.Rent(receiveBufferBytes);
        // Neither server needs client keep-alives; the generator should not spend CPU on them.
        _socket.Options.KeepAliveInterval = TimeSpan.Zero;
    }

    /// <summary>Connections a server closed (or reset) while a load step ran, by close code, over the run.</summary>
    public static ConcurrentDictionary<string, long> ServerCloses { get; } = new(StringComparer.Ordinal);

    /// <summary>Frames received by all clients of the process: the generator watches it to see the servers go quiet.</summary>
    public static long FramesReceived => Interlocked.Read(ref s_framesReceived);

    /// <summary>Where bench messages received by this connection are recorded; null to ignore them.</summary>
    public Receiver? Receiver { get; set; }

    /// <summary>Counts error replies and unexpected closes.</summary>
    public MeasurementBoard? Board { get; set; }

    public bool IsClosed => _closed;

    public WebSocketCloseStatus? CloseStatus { get; private set; }

    /// <summary>Stopwatch timestamp of the close, 0 while open.</summary>
    public long ClosedAt { get; private set; }

    /// <summary>Opens the socket, runs the protocol's greeting, and starts the receive loop.</summary>
    public async Task ConnectAsync(Uri uri, HttpMessageInvoker invoker, CancellationToken cancellationToken)
    {
        await _socket.ConnectAsync(uri, invoker, cancellationToken);
        // Awaited before the loop starts: the server may speak first (welcome).
        var first = BeginReply();
        _receiving = ReceiveLoopAsync();
        await GreetAsync(first.WaitAsync(ReplyTimeout, cancellationToken), cancellationToken);
    }

    /// <summary>Stops calling receive (after the frame in flight): the kernel buffers fill and the server sees a slow consumer.</summary>
    public void PauseReading() => _paused ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Reads again: drains what the kernel held, then sees the close if the server gave up on this connection.</summary>
    public void ResumeReading() => Interlocked.Exchange(ref _paused, null)?.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        _closed = true;
        await _stop.CancelAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
        }
        catch (Exception)
        {
            // The server may already be gone; the socket is aborted below either way.
        }
        _socket.Abort();
        _socket.Dispose();
        try
        {
            await _receiving;
        }
        catch (Exception)
        {
            // The loop ends with the abort.
        }
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Joins a room; <paramref name="after"/> asks for the events missed since that seq (real server only).</summary>
    public abstract Task<JoinReply> JoinAsync(string room, long? after, CancellationToken cancellationToken);

    /// <summary>Sends one bench message (see <see cref="BenchText"/>) to a joined room.</summary>
    public abstract ValueTask SendBenchAsync(string room, int step, int sender, long seq, long intendedTicks, int padding, CancellationToken cancellationToken);

    /// <summary>
    /// Runs the protocol's handshake after the upgrade (await the welcome, or send the SignalR handshake and await
    /// its reply); <paramref name="firstFrame"/> completes with the first frame the server sends.
    /// </summary>
    protected abstract Task GreetAsync(Task<byte[]> firstFrame, CancellationToken cancellationToken);

    /// <summary>Handles one complete frame; the span is only valid during the call.</summary>
    protected abstract void OnFrame(ReadOnlySpan<byte> frame, long receivedTicks);

    protected ValueTask SendFrameAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken) =>
        _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    /// <summary>Sends a request and waits for the frame that <see cref="CompleteReply"/> is called with.</summary>
    protected async Task<byte[]> RequestAsync(ReadOnlyMemory<byte> frame, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var pending = BeginReply();
        if (!frame.IsEmpty)
        {
            await SendFrameAsync(frame, cancellationToken);
        }
        return await pending.WaitAsync(timeout, cancellationToken);
    }

    protected Task<byte[]> BeginReply()
    {
        var pending = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _pending, pending);
        return pending.Task;
    }

    /// <summary>True when a reply was awaited and is now completed with a copy of the frame.</summary>
    protected bool CompleteReply(ReadOnlySpan<byte> frame) =>
        Interlocked.Exchange(ref _pending, null) is { } pending && pending.TrySetResult(frame.ToArray());

    protected void ReportError() => Board?.AddError();

    private async Task ReceiveLoopAsync()
    {
        var filled = 0;
        try
        {
            while (true)
            {
                if (_paused is { } paused)
                {
                    await paused.Task.WaitAsync(_stop.Token);
                }
                var result = await _socket.ReceiveAsync(_buffer.AsMemory(filled), _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
                filled += result.Count;
                if (!result.EndOfMessage)
                {
                    if (filled == _buffer.Length)
                    {
                        Grow(filled);
                    }
                    continue;
                }
                Interlocked.Increment(ref s_framesReceived);
                OnFrame(_buffer.AsSpan(0, filled), Stopwatch.GetTimestamp());
                filled = 0;
                if (_buffer.Length > LargeBufferBytes)
                {
                    // A large reply (history, member list) is rare: give the memory back.
                    ArrayPool<byte>.Shared.Return(_buffer);
                    _buffer = ArrayPool<byte>.Shared.Rent(_initialBufferBytes);
                }
            }
        }
        catch (Exception) when (_closed || _stop.IsCancellationRequested)
        {
            return;
        }
        catch (WebSocketException)
        {
            // The server aborted the connection; recorded below like a close.
        }
        catch (OperationCanceledException)
        {
            return;
        }
        MarkClosed();
    }

    private void MarkClosed()
    {
        if (_closed)
        {
            return;
        }
        CloseStatus = _socket.CloseStatus;
        ClosedAt = Stopwatch.GetTimestamp();
        _closed = true;
        // Only closes while a step runs count: at the end of a series the generator stops the server itself.
        if (Board?.Current is not null)
        {
            ServerCloses.AddOrUpdate(CloseStatus is { } status ? ((int)status).ToString(CultureInfo.InvariantCulture) : "reset", 1, (_, n) => n + 1);
        }
        Interlocked.Exchange(ref _pending, null)?.TrySetException(new WebSocketException($"Closed by the server ({CloseStatus})."));
    }

    private void Grow(int filled)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
        _buffer.AsSpan(0, filled).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
