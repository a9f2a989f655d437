using System.Net;
using System.Net.Sockets;

namespace OrleansChat.Bench.Clients;

/// <summary>
/// Opens bench connections. Client sockets are bound to a rotating set of loopback source addresses
/// (127.0.0.2, 127.0.0.3, ...), so tens of thousands of connections and the TIME_WAIT they leave behind never exhaust
/// the ephemeral ports of one address pair. Slow-consumer connections get a tiny kernel receive buffer so the server
/// feels them early.
/// </summary>
public sealed class ClientFactory : IDisposable
{
    /// <summary>Receive buffer of a measuring client: fits any event frame; larger replies grow it for a moment.</summary>
    public const int ReceiveBufferBytes = 16 * 1024;

    /// <summary>Receive buffer of an idle client: the welcome and pings fit; a larger frame is read in pieces.</summary>
    public const int IdleReceiveBufferBytes = 1024;

    private const int SlowSocketReceiveBytes = 4 * 1024;

    /// <summary>Frames that arrived together are read with one receive call (see <see cref="ReadBufferedStream"/>).</summary>
    private const int ReadBufferBytes = 16 * 1024;

    private readonly IPAddress[] _sources;
    private readonly HttpMessageInvoker _invoker;
    private readonly HttpMessageInvoker _slowInvoker;
    private int _next;

    public ClientFactory(int sourceAddresses)
    {
        _sources = [.. Enumerable.Range(2, Math.Clamp(sourceAddresses, 1, 250)).Select(i => IPAddress.Parse($"127.0.0.{i}"))];
        _invoker = new HttpMessageInvoker(CreateHandler(0, ReadBufferBytes));
        _slowInvoker = new HttpMessageInvoker(CreateHandler(SlowSocketReceiveBytes, 0));
    }

    public static BenchClient Create(ServerKind kind, int receiveBufferBytes = ReceiveBufferBytes) => kind switch
    {
        ServerKind.Ours => new ChatClient(receiveBufferBytes),
        _ => new SignalRClient(receiveBufferBytes),
    };

    /// <summary>Creates and connects a client; on failure the client is disposed and the error thrown.</summary>
    public async Task<BenchClient> ConnectAsync(ServerKind kind, Uri server, CancellationToken cancellationToken, int receiveBufferBytes = ReceiveBufferBytes, bool slow = false, string? token = null)
    {
        var client = Create(kind, receiveBufferBytes);
        try
        {
            await client.ConnectAsync(EndpointOf(kind, server, token), slow ? _slowInvoker : _invoker, cancellationToken);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    public void Dispose()
    {
        _invoker.Dispose();
        _slowInvoker.Dispose();
    }

    private static Uri EndpointOf(ServerKind kind, Uri server, string? token)
    {
        var path = kind == ServerKind.Ours ? "/ws" : "/hub";
        var query = token is null ? "" : "?token=" + Uri.EscapeDataString(token);
        return new Uri($"ws://{server.Host}:{server.Port}{path}{query}");
    }

    private SocketsHttpHandler CreateHandler(int socketReceiveBytes, int readBufferBytes) => new()
    {
        UseProxy = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                if (socketReceiveBytes > 0)
                {
                    socket.ReceiveBufferSize = socketReceiveBytes;
                }
                var source = _sources[(int)((uint)Interlocked.Increment(ref _next) % (uint)_sources.Length)];
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(context.DnsEndPoint.Host), context.DnsEndPoint.Port), cancellationToken);
                Stream stream = new NetworkStream(socket, ownsSocket: true);
                return readBufferBytes > 0 ? new ReadBufferedStream(stream, readBufferBytes) : stream;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
