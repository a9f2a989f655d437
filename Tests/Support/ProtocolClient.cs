using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansChat.Tests.Support;

/// <summary>
/// A protocol client over a real <see cref="ClientWebSocket"/>: it reads every frame in the background (unless
/// paused), keeps them all, and lets a test send commands and await the frames it expects, with a timeout.
/// </summary>
internal sealed class ProtocolClient : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly ClientWebSocket _socket;
    private readonly List<JsonElement> _frames = [];
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource<WebSocketCloseStatus?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _resume = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _nextRef;
    private Task? _receiving;

    private ProtocolClient(ClientWebSocket socket)
    {
        _socket = socket;
        _resume.SetResult();
    }

    /// <summary>The <c>welcome</c> frame.</summary>
    public JsonElement Welcome { get; private set; }

    public string UserId => Welcome.GetProperty("user").GetProperty("id").GetString()!;

    public string UserName => Welcome.GetProperty("user").GetProperty("name").GetString()!;

    public string Token => Welcome.GetProperty("token").GetString()!;

    public ClientWebSocket Socket => _socket;

    /// <summary>Every frame received so far, in order (the welcome first).</summary>
    public IReadOnlyList<JsonElement> Frames
    {
        get
        {
            lock (_lock)
            {
                return [.. _frames];
            }
        }
    }

    /// <summary>Connects to <paramref name="socketUri"/> and waits for the welcome.</summary>
    /// <param name="socketUri">The server's <c>/ws</c> address, with a token when resuming.</param>
    /// <param name="origin">The <c>Origin</c> header to send, as a browser would; none by default.</param>
    /// <param name="receiveBufferBytes">A small kernel receive buffer, so that a paused client backs up quickly.</param>
    public static async Task<ProtocolClient> ConnectAsync(Uri socketUri, string? origin = null, int? receiveBufferBytes = null)
    {
        var socket = new ClientWebSocket();
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        if (receiveBufferBytes is { } bytes)
        {
            using var handler = new SocketsHttpHandler
            {
                ConnectCallback = async (context, cancellationToken) =>
                {
                    var tcp = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = bytes, NoDelay = true };
                    await tcp.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(tcp, ownsSocket: true);
                },
            };
            using var invoker = new HttpMessageInvoker(handler);
            await socket.ConnectAsync(socketUri, invoker, timeout.Token);
        }
        else
        {
            await socket.ConnectAsync(socketUri, timeout.Token);
        }
        var client = new ProtocolClient(socket);
        client._receiving = client.ReceiveLoopAsync();
        client.Welcome = await client.WaitForAsync(f => f.GetProperty("type").GetString() == "welcome");
        return client;
    }

    /// <summary>Sends a command with a fresh <c>ref</c> (unless it has one) and returns the reply that echoes it.</summary>
    public async Task<JsonElement> RequestAsync(JsonObject command, TimeSpan? timeout = null)
    {
        var reference = command["ref"]?.GetValue<string>();
        if (reference is null)
        {
            reference = $"r{Interlocked.Increment(ref _nextRef)}";
            command["ref"] = reference;
        }
        await SendAsync(command.ToJsonString());
        return await WaitForAsync(f => f.TryGetProperty("ref", out var r) && r.GetString() == reference, timeout);
    }

    public Task<JsonElement> JoinAsync(string room, long? after = null)
    {
        var command = new JsonObject { ["type"] = "join", ["room"] = room };
        if (after is { } value)
        {
            command["after"] = value;
        }
        return RequestAsync(command);
    }

    public Task<JsonElement> SendMessageAsync(string room, string text) =>
        RequestAsync(new JsonObject { ["type"] = "send", ["room"] = room, ["text"] = text });

    public Task<JsonElement> LeaveAsync(string room) => RequestAsync(new JsonObject { ["type"] = "leave", ["room"] = room });

    /// <summary>Sends one text frame as is.</summary>
    public Task SendAsync(string json) => SendAsync(Encoding.UTF8.GetBytes(json));

    public async Task SendAsync(byte[] payload, WebSocketMessageType type = WebSocketMessageType.Text)
    {
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        await _socket.SendAsync(payload, type, endOfMessage: true, timeout.Token);
    }

    /// <summary>The first frame received so far or later that matches, or a failure after the timeout.</summary>
    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        var scanned = 0;
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                for (; scanned < _frames.Count; scanned++)
                {
                    if (match(_frames[scanned]))
                    {
                        return _frames[scanned];
                    }
                }
                changed = _changed.Task;
            }
            if (_closed.Task.IsCompleted && !changed.IsCompleted)
            {
                throw new InvalidOperationException($"The socket closed ({_closed.Task.Result}) before the frame came. Frames: {Dump()}");
            }
            try
            {
                await Task.WhenAny(changed, _closed.Task).WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No matching frame within the timeout. Frames: {Dump()}");
            }
        }
    }

    /// <summary>The room events received for <paramref name="room"/>, in arrival order.</summary>
    public IReadOnlyList<JsonElement> Events(string room) =>
        Frames.Where(f => f.GetProperty("type").GetString() is "joined" or "left" or "message" && f.GetProperty("room").GetString() == room).ToList();

    /// <summary>Waits for the event of <paramref name="room"/> with <paramref name="seq"/>.</summary>
    public Task<JsonElement> WaitForEventAsync(string room, long seq, TimeSpan? timeout = null) =>
        WaitForAsync(f => f.GetProperty("type").GetString() is "joined" or "left" or "message"
            && f.GetProperty("room").GetString() == room && f.GetProperty("seq").GetInt64() == seq, timeout);

    /// <summary>Stops reading the socket (after the read in flight), as a client that stopped consuming would.</summary>
    public void PauseReading()
    {
        lock (_lock)
        {
            _resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void ResumeReading()
    {
        lock (_lock)
        {
            _resume.TrySetResult();
        }
    }

    /// <summary>The close status the server sent, once the socket closed (null when it was dropped without one).</summary>
    public async Task<WebSocketCloseStatus?> WaitForCloseAsync(TimeSpan? timeout = null) =>
        await _closed.Task.WaitAsync(timeout ?? DefaultTimeout);

    public bool IsClosed => _closed.Task.IsCompleted;

    public async Task CloseAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(DefaultTimeout);
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
            }
            catch (WebSocketException)
            {
            }
        }
        await WaitForCloseAsync();
    }

    public async ValueTask DisposeAsync()
    {
        ResumeReading();
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await CloseAsync();
            }
            catch (Exception exception) when (exception is WebSocketException or TimeoutException or OperationCanceledException)
            {
            }
        }
        _socket.Abort();
        if (_receiving is not null)
        {
            await _receiving.WaitAsync(DefaultTimeout).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        _socket.Dispose();
    }

    private string Dump()
    {
        var frames = Frames;
        return string.Join(Environment.NewLine, frames.Skip(Math.Max(0, frames.Count - 20)).Select(f => f.GetRawText()));
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        try
        {
            while (true)
            {
                Task resume;
                lock (_lock)
                {
                    resume = _resume.Task;
                }
                await resume;
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    // Complete the close handshake, as a browser does.
                    if (_socket.State == WebSocketState.CloseReceived)
                    {
                        await _socket.CloseOutputAsync(result.CloseStatus ?? WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                    }
                    _closed.TrySetResult(result.CloseStatus);
                    return;
                }
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }
                var frame = JsonDocument.Parse(message.ToArray()).RootElement.Clone();
                message.SetLength(0);
                lock (_lock)
                {
                    _frames.Add(frame);
                    var changed = _changed;
                    _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    changed.SetResult();
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            _closed.TrySetResult(null);
        }
    }

    /// <summary>For tests that check the server's HTTP answer to an upgrade it refuses.</summary>
    public static async Task<HttpStatusCode> TryUpgradeAsync(Uri socketUri, string? origin)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        try
        {
            await socket.ConnectAsync(socketUri, timeout.Token);
            socket.Abort();
            return socket.HttpStatusCode;
        }
        catch (WebSocketException)
        {
            return socket.HttpStatusCode;
        }
    }
}
