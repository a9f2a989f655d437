using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Redis.Hosting;
using OrleansChat.Runtime.Storage;
using StackExchange.Redis;

namespace OrleansChat.Runtime.Redis.Connection;

/// <summary>
/// The silo's one <see cref="ConnectionMultiplexer"/>, shared by every Redis provider. It connects on first
/// use with <c>abortConnect=false</c>, so a Redis that is away at start (or later) only makes calls fail
/// until it is back; it reconnects by itself. Every call goes through <see cref="ExecuteAsync{T}"/>,
/// which bounds it in time and turns any Redis failure into a <see cref="StoreUnavailableException"/>.
/// </summary>
public sealed partial class RedisConnection : IAsyncDisposable, IDisposable
{
    private readonly RedisOptions _options;
    private readonly ILogger<RedisConnection> _logger;
    private readonly Lock _lock = new();
    private Task<ConnectionMultiplexer>? _connecting;
    private volatile bool _disposed;

    public RedisConnection(IOptions<RedisOptions> options, ILogger<RedisConnection> logger)
    {
        _options = options.Value;
        _logger = logger;
        Keys = new RedisKeys(_options.KeyPrefix);
    }

    /// <summary>The names of every key and channel, under this cluster's prefix.</summary>
    public RedisKeys Keys { get; }

    /// <summary>The longest one call may take.</summary>
    public TimeSpan OperationTimeout => _options.OperationTimeout;

    /// <summary>Raised (on a pool thread) when a connection to Redis is back after a failure.</summary>
    public event Action<ConnectionType>? Restored;

    /// <summary>The multiplexer, connecting it on first use; bounded by the operation timeout.</summary>
    public async Task<ConnectionMultiplexer> GetMultiplexerAsync(CancellationToken cancellationToken = default)
    {
        Task<ConnectionMultiplexer> connecting;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            connecting = _connecting ??= ConnectAsync();
        }
        try
        {
            return await connecting.WaitAsync(_options.OperationTimeout + _options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            lock (_lock)
            {
                // A failed first connect is tried again by the next call.
                if (_connecting == connecting && connecting.IsFaulted)
                {
                    _connecting = null;
                }
            }
            throw Unavailable("connect", exception);
        }
    }

    /// <summary>
    /// Runs one Redis operation against the database, bounded by the operation timeout. A script the server
    /// has forgotten (Redis restarted) is loaded again and the operation retried once.
    /// </summary>
    public async Task<T> ExecuteAsync<T>(string operation, Func<IDatabase, Task<T>> call, CancellationToken cancellationToken = default)
    {
        var multiplexer = await GetMultiplexerAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            try
            {
                return await call(multiplexer.GetDatabase()).WaitAsync(_options.OperationTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (RedisServerException exception) when (exception.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
            {
                LogScriptsReloaded(_logger, operation);
                await ReloadScriptsAsync(multiplexer).WaitAsync(_options.OperationTimeout, cancellationToken).ConfigureAwait(false);
                return await call(multiplexer.GetDatabase()).WaitAsync(_options.OperationTimeout, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (IsUnavailable(exception, cancellationToken))
        {
            throw Unavailable(operation, exception);
        }
    }

    /// <summary>Runs one operation against the pub/sub connection, bounded like <see cref="ExecuteAsync{T}"/>.</summary>
    public async Task<T> SubscriberAsync<T>(string operation, Func<ISubscriber, Task<T>> call, CancellationToken cancellationToken = default)
    {
        var multiplexer = await GetMultiplexerAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await call(multiplexer.GetSubscriber()).WaitAsync(_options.OperationTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsUnavailable(exception, cancellationToken))
        {
            throw Unavailable(operation, exception);
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        Task<ConnectionMultiplexer>? connecting;
        lock (_lock)
        {
            _disposed = true;
            connecting = _connecting;
            _connecting = null;
        }
        if (connecting is null || !connecting.IsCompletedSuccessfully)
        {
            // A connect still running is closed when it completes.
            connecting?.ContinueWith(t => Close(t.Result), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            return;
        }
        Close(connecting.Result);
    }

    private void Close(ConnectionMultiplexer multiplexer)
    {
        try
        {
            multiplexer.ConnectionFailed -= OnConnectionFailed;
            multiplexer.ConnectionRestored -= OnConnectionRestored;
            // Closing without waiting for replies: a silo going away owes Redis nothing more.
            multiplexer.Close(allowCommandsToComplete: false);
            multiplexer.Dispose();
        }
        catch (Exception exception)
        {
            LogCloseFailed(_logger, exception);
        }
    }

    private async Task<ConnectionMultiplexer> ConnectAsync()
    {
        var configuration = ConfigurationOptions.Parse(_options.ConnectionString);
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = Milliseconds(_options.ConnectTimeout);
        configuration.SyncTimeout = Milliseconds(_options.OperationTimeout);
        configuration.ResponseTimeout = Milliseconds(_options.OperationTimeout);
        configuration.ReconnectRetryPolicy = new LinearRetry(Milliseconds(_options.ReconnectInterval));
        configuration.ClientName ??= "orleanschat";
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
        multiplexer.ConnectionFailed += OnConnectionFailed;
        multiplexer.ConnectionRestored += OnConnectionRestored;
        var safeConfiguration = configuration.ToString(includePassword: false);
        LogConnecting(_logger, safeConfiguration, multiplexer.IsConnected);
        return multiplexer;
    }

    private static async Task ReloadScriptsAsync(ConnectionMultiplexer multiplexer)
    {
        foreach (var endpoint in multiplexer.GetEndPoints())
        {
            var server = multiplexer.GetServer(endpoint);
            foreach (var script in RedisScripts.All)
            {
                await server.ScriptLoadAsync(script).ConfigureAwait(false);
            }
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        LogConnectionFailed(_logger, e.ConnectionType, e.FailureType, e.Exception);
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        LogConnectionRestored(_logger, e.ConnectionType);
        Restored?.Invoke(e.ConnectionType);
    }

    private bool IsUnavailable(Exception exception, CancellationToken cancellationToken) =>
        exception switch
        {
            OperationCanceledException => !cancellationToken.IsCancellationRequested,
            RedisException or TimeoutException or ObjectDisposedException or System.IO.IOException or System.Net.Sockets.SocketException => true,
            _ => _disposed,
        };

    private StoreUnavailableException Unavailable(string operation, Exception exception)
    {
        LogUnavailable(_logger, operation, exception);
        return new StoreUnavailableException($"Redis did not complete '{operation}' within {_options.OperationTimeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms: {exception.Message}", exception);
    }

    private static int Milliseconds(TimeSpan value) => (int)Math.Ceiling(value.TotalMilliseconds);
}
