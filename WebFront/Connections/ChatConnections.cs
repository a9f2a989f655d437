using System.Collections.Concurrent;
using OrleansChat.Grains;
using OrleansChat.Runtime.Hosting;

namespace OrleansChat.WebFront.Connections;

/// <summary>
/// This silo's open connections. On a graceful stop (from <c>ApplicationStopping</c>, whichever of the server or
/// the silo stops first) every connection commits its leaves and closes with 1001, before the silo deactivates
/// its grains; when the silo is killed, every socket is dropped at once and nothing is committed.
/// </summary>
internal sealed partial class ChatConnections : ISiloShutdownParticipant, IDisposable
{
    private readonly ConcurrentDictionary<string, ChatConnection> _connections = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly ILogger<ChatConnections> _logger;
    private readonly SiloLifetime _silo;
    private readonly CancellationTokenRegistration _stopping;
    private readonly CancellationTokenRegistration _killed;
    private Task? _shutdown;

    public ChatConnections(IHostApplicationLifetime lifetime, SiloLifetime silo, ILogger<ChatConnections> logger)
    {
        _logger = logger;
        _silo = silo;
        _stopping = lifetime.ApplicationStopping.Register(static state => _ = ((ChatConnections)state!).ShutdownAsync(), this);
        _killed = silo.Killed.Register(static state => ((ChatConnections)state!).KillAll(), this);
    }

    public int Count => _connections.Count;

    /// <summary>True once the silo is stopping or killed: new connections are turned away.</summary>
    public bool IsClosing => _silo.IsKilled || Volatile.Read(ref _shutdown) is not null;

    /// <summary>Registers a connection; false when the silo is already stopping.</summary>
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

    public Task OnSiloStoppingAsync(CancellationToken cancellationToken) => ShutdownAsync().WaitAsync(cancellationToken);

    public void Dispose()
    {
        _stopping.Dispose();
        _killed.Dispose();
    }

    private async Task ShutdownAllAsync()
    {
        // Leave the lock before any work: the connections' own closing calls back into this registry.
        await Task.Yield();
        var connections = _connections.Values.ToList();
        LogShuttingDown(_logger, connections.Count);
        var closing = new List<Task>(connections.Count);
        foreach (var connection in connections)
        {
            closing.Add(connection.ShutdownAsync());
        }
        await Task.WhenAll(closing);
    }

    private void KillAll()
    {
        foreach (var connection in _connections.Values)
        {
            connection.Kill();
        }
    }

    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Closing {Count} connections with 1001: the silo is stopping")]
    private static partial void LogShuttingDown(ILogger logger, int count);
}
