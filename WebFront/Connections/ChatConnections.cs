using System.Collections.Concurrent;
using OrleansChat.Protocol;
using OrleansChat.WebFront.Telemetry;

namespace OrleansChat.WebFront.Connections;

/// <summary>
/// This front end's open connections. On a graceful stop (from <c>ApplicationStopping</c>, and awaited by the
/// silo's lifecycle before it stops, see <c>WebFrontLifecycle</c>) every connection stops taking commands,
/// commits its leaves and closes with 1001.
/// </summary>
internal sealed partial class ChatConnections : IDisposable
{
    private readonly ConcurrentDictionary<string, ChatConnection> _connections = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly ILogger<ChatConnections> _logger;
    private readonly CancellationTokenRegistration _stopping;
    private Task? _shutdown;

    public ChatConnections(IHostApplicationLifetime lifetime, ChatMetrics metrics, ILogger<ChatConnections> logger)
    {
        _logger = logger;
        metrics.ObserveQueuedFrames(QueuedFrames);
        _stopping = lifetime.ApplicationStopping.Register(static state => _ = ((ChatConnections)state!).ShutdownAsync(), this);
    }

    public int Count => _connections.Count;

    /// <summary>Frames queued for this front end's sockets and not yet written, all connections together.</summary>
    public long QueuedFrames()
    {
        long queued = 0;
        foreach (var connection in _connections.Values)
        {
            queued += connection.QueuedFrames;
        }
        return queued;
    }

    /// <summary>True once the front end is stopping: new connections are turned away.</summary>
    public bool IsClosing => Volatile.Read(ref _shutdown) is not null;

    /// <summary>Registers a connection; false when the front end is already stopping.</summary>
    public bool TryAdd(ChatConnection connection)
    {
        lock (_lock)
        {
            if (IsClosing)
            {
                return false;
            }
            _connections[connection.Id] = connection;
            return true;
        }
    }

    public void Remove(ChatConnection connection) => _connections.TryRemove(connection.Id, out _);

    /// <summary>Gives every local connection of the user its new name; returns the rooms those connections are in.</summary>
    public IReadOnlySet<string> OnUserRenamed(ChatUser user)
    {
        var rooms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var connection in _connections.Values)
        {
            if (connection.User.Id == user.Id)
            {
                connection.User = user;
                rooms.UnionWith(connection.JoinedRooms);
            }
        }
        return rooms;
    }

    /// <summary>Aborts every local connection of a user (a cut network, for tests); returns how many.</summary>
    public int AbortUser(string userId)
    {
        var count = 0;
        foreach (var connection in _connections.Values)
        {
            if (connection.User.Id == userId)
            {
                connection.Abort();
                count++;
            }
        }
        return count;
    }

    /// <summary>Closes every connection gracefully (once; later calls await the same work).</summary>
    public Task ShutdownAsync()
    {
        lock (_lock)
        {
            return _shutdown ??= ShutdownAllAsync();
        }
    }

    public void Dispose() => _stopping.Dispose();

    private async Task ShutdownAllAsync()
    {
        // Leave the lock before any work: the connections' own closing calls back into this registry.
        await Task.Yield();
        var connections = _connections.Values.ToList();
        if (connections.Count > 0)
        {
            LogShuttingDown(_logger, connections.Count);
        }
        var closing = new Task[connections.Count];
        for (var i = 0; i < closing.Length; i++)
        {
            closing[i] = connections[i].ShutdownAsync();
        }
        await Task.WhenAll(closing).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Closing {Count} connections with 1001: the front end is stopping")]
    private static partial void LogShuttingDown(ILogger logger, int count);
}
