using System.Globalization;
using System.Net.Sockets;
using System.Text;
using OrleansChat.Bench.Clients;

namespace OrleansChat.Bench.Servers;

/// <summary>
/// Starts the servers under test as child processes from their Release builds (<c>dotnet &lt;dll&gt; --urls ...</c>)
/// with warnings-only logging, waits until they answer <c>/healthz</c>, and starts redis-server and headless silos for the
/// cluster scenarios.
/// Every process of ours gets its own free HTTP, silo and gateway ports.
/// </summary>
public sealed class ServerLauncher(RepoLayout repo, string logDirectory, IReadOnlyDictionary<string, string> oursEnvironment)
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private int _started;

    /// <summary>Where server logs (and other files of the run, such as traces) go.</summary>
    public string LogDirectory { get; } = logDirectory;

    /// <summary>Settings every run of our server gets: quiet logs and limits opened up for load (see Bench/README.md).</summary>
    public IReadOnlyDictionary<string, string> OursEnvironment { get; } = oursEnvironment;

    public void CheckBuilt(IEnumerable<ServerKind> kinds)
    {
        foreach (var kind in kinds)
        {
            var dll = DllOf(kind);
            if (!File.Exists(dll))
            {
                throw new InvalidOperationException($"{dll} is missing: build first with 'dotnet build -c {repo.Configuration} OrleansChat.sln'.");
            }
        }
    }

    public async Task<RunningServer> StartAsync(ServerKind kind, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? extra = null)
    {
        // Ours co-hosts an Orleans silo: besides HTTP it listens on a silo and a gateway port, and two silos given the
        // same ports both start silently, so every process gets ports of its own.
        var ports = FreePort.Take(kind == ServerKind.Ours ? 3 : 1);
        var port = ports[0];
        var uri = new Uri($"http://127.0.0.1:{port}");
        var environment = kind == ServerKind.Ours ? OursEnvironmentOn(ports[1], ports[2], extra) : QuietEnvironment(extra);
        var dll = DllOf(kind);
        var name = $"{Interlocked.Increment(ref _started):00}-{kind.ToString().ToLowerInvariant()}-{port}";
        var child = ChildProcess.Start(name, "dotnet", [dll, "--urls", uri.ToString().TrimEnd('/')], environment, Path.GetDirectoryName(dll)!, Path.Combine(LogDirectory, name + ".log"));
        var server = new RunningServer(kind, uri, child);
        try
        {
            await WaitReadyAsync(server, cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A headless silo of ours (<c>dotnet OrleansChat.Silo.dll</c>: grains, no HTTP) on its own free silo and gateway
    /// ports. It has nothing to answer: the caller waits until the cluster lists it as active.
    /// </summary>
    public ChildProcess StartSilo(IReadOnlyDictionary<string, string> extra)
    {
        if (!File.Exists(repo.SiloDll))
        {
            throw new InvalidOperationException($"{repo.SiloDll} is missing: build first with 'dotnet build -c {repo.Configuration} OrleansChat.sln'.");
        }
        var ports = FreePort.Take(2);
        var name = $"{Interlocked.Increment(ref _started):00}-silo-{ports[0]}";
        return ChildProcess.Start(name, "dotnet", [repo.SiloDll], OursEnvironmentOn(ports[0], ports[1], extra), Path.GetDirectoryName(repo.SiloDll)!, Path.Combine(LogDirectory, name + ".log"));
    }

    /// <summary>A redis-server on a free loopback port with persistence off; returns it and its port.</summary>
    public async Task<(ChildProcess Redis, int Port)> StartRedisAsync(CancellationToken cancellationToken)
    {
        var port = FreePort.Next();
        var name = $"{Interlocked.Increment(ref _started):00}-redis-{port}";
        var redis = ChildProcess.Start(name, "redis-server",
            ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no"],
            new Dictionary<string, string>(), Path.GetTempPath(), Path.Combine(LogDirectory, name + ".log"));
        var deadline = Stopwatch.GetTimestamp() + (long)(ReadyTimeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port, cancellationToken);
                var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
                var buffer = new byte[16];
                var n = await stream.ReadAsync(buffer, cancellationToken);
                if (Encoding.ASCII.GetString(buffer, 0, n).StartsWith("+PONG", StringComparison.Ordinal))
                {
                    return (redis, port);
                }
            }
            catch (SocketException) when (Stopwatch.GetTimestamp() < deadline && !redis.HasExited)
            {
            }
            catch (IOException) when (Stopwatch.GetTimestamp() < deadline && !redis.HasExited)
            {
            }
            if (Stopwatch.GetTimestamp() >= deadline || redis.HasExited)
            {
                await redis.DisposeAsync();
                throw new InvalidOperationException("redis-server did not start (is it installed?).");
            }
            await Task.Delay(50, cancellationToken);
        }
    }

    private static Dictionary<string, string> QuietEnvironment(IReadOnlyDictionary<string, string>? extra)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Warning",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }
        return environment;
    }

    /// <summary>Ours (a WebFront or a headless silo): quiet logs, <see cref="OursEnvironment"/>, its own silo and gateway ports, then <paramref name="extra"/>.</summary>
    private Dictionary<string, string> OursEnvironmentOn(int siloPort, int gatewayPort, IReadOnlyDictionary<string, string>? extra)
    {
        var environment = QuietEnvironment(OursEnvironment);
        environment[ServerSettings.SiloPort] = siloPort.ToString(CultureInfo.InvariantCulture);
        environment[ServerSettings.GatewayPort] = gatewayPort.ToString(CultureInfo.InvariantCulture);
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }
        return environment;
    }

    private string DllOf(ServerKind kind) => kind == ServerKind.Ours ? repo.WebFrontDll : repo.SignalRPeerDll;

    private async Task WaitReadyAsync(RunningServer server, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.GetTimestamp() + (long)(ReadyTimeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (server.Process.HasExited)
            {
                throw new InvalidOperationException($"{server.Process.Name} exited at start; see {LogDirectory}.");
            }
            try
            {
                using var response = await http.GetAsync(new Uri(server.Uri, "/healthz"), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
            await Task.Delay(100, cancellationToken);
        }
        throw new TimeoutException($"{server.Process.Name} was not ready within {ReadyTimeout.TotalSeconds} s; see {LogDirectory}.");
    }
}
