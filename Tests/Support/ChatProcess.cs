using System.Diagnostics;
using System.Globalization;
using System.Net;
using OrleansChat.Tests.Redis;

namespace OrleansChat.Tests.Support;

/// <summary>
/// A WebFront or a headless silo in a child process: <c>dotnet &lt;dll&gt;</c> of the build the tests were built in,
/// configured only through its environment (as an operator would), with ports of its own and its console log written
/// straight to a file. It can be killed as a crash would (SIGKILL) or stopped as an orchestrator would (SIGTERM);
/// disposing it kills it if it still runs, so a failed test leaves nothing behind.
/// </summary>
internal sealed class ChatProcess : IAsyncDisposable
{
    /// <summary>How long a process may take to answer <c>/readyz</c> (or, headless, to log that it started).</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>What the host logs once every hosted service started; a silo's start returns once it is active in the cluster.</summary>
    private const string StartedLine = "Application started";

    // Settings of ours that the test host's own environment must not hand down to a child.
    private static readonly string[] OwnSections =
        ["Cluster__", "ConnectionStrings__", "Redis__", "Orleans__", "Membership__", "Streams__", "Silo__", "WebFront__", "Identity__", "ASPNETCORE_URLS", "DOTNET_URLS"];

    private readonly Process _process;
    private readonly HttpClient? _http;

    private ChatProcess(Process process, string name, ChatProcessKind kind, int? httpPort, int siloPort, int gatewayPort, string logPath)
    {
        _process = process;
        Name = name;
        Kind = kind;
        HttpPort = httpPort;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        LogPath = logPath;
        Pid = process.Id;
        if (httpPort is { } port)
        {
            _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        }
    }

    public string Name { get; }

    public ChatProcessKind Kind { get; }

    public int Pid { get; }

    /// <summary>The WebFront's HTTP port; none for a headless silo.</summary>
    public int? HttpPort { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    /// <summary>stdout and stderr of the process, as it wrote them.</summary>
    public string LogPath { get; }

    /// <summary>The front end's id (as <c>welcome.silo</c> names it: a co-hosted one's silo address, a client's own id), known once it is ready.</summary>
    public string SiloId { get; private set; } = "";

    public bool HasExited => _process.HasExited;

    /// <summary>Whether it serves sockets and HTTP (a co-hosted or a client WebFront).</summary>
    public bool IsWebFront => Kind is ChatProcessKind.WebFront or ChatProcessKind.ClientWebFront;

    /// <summary>A client of the WebFront's HTTP API.</summary>
    public HttpClient Http => _http ?? throw new InvalidOperationException($"{Name} is a headless silo: it has no HTTP API.");

    public Uri SocketUri => new($"ws://127.0.0.1:{HttpPort ?? throw new InvalidOperationException($"{Name} is a headless silo.")}/ws");

    /// <summary>
    /// Starts <paramref name="kind"/> with <paramref name="environment"/> (<c>Section__Key</c> settings) on free
    /// ports and waits until it is ready: a WebFront until <c>/readyz</c> answers 200, a headless silo until it has
    /// joined the cluster. A start that lost its free port to someone else is tried again on other ports.
    /// </summary>
    public static async Task<ChatProcess> StartAsync(ChatProcessKind kind, string name, IReadOnlyDictionary<string, string> environment, string logDirectory)
    {
        Directory.CreateDirectory(logDirectory);
        for (var attempt = 1; ; attempt++)
        {
            var logPath = Path.Combine(logDirectory, attempt == 1 ? $"{name}.log" : $"{name}.attempt{attempt}.log");
            var process = Launch(kind, name, environment, logPath);
            try
            {
                await process.WaitUntilReadyAsync(StartTimeout);
                return process;
            }
            catch (InvalidOperationException) when (attempt < 3 && process.HasExited && process.ReadLog().Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                // Someone took a port between the check and the bind.
                await process.DisposeAsync();
            }
            catch
            {
                await process.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>SIGSTOP: the process stays, its sockets stay open, and it answers nothing (a long GC pause, a frozen VM).</summary>
    public Task SuspendAsync() => SignalAsync("STOP");

    /// <summary>SIGCONT after <see cref="SuspendAsync"/>.</summary>
    public Task ResumeAsync() => SignalAsync("CONT");

    /// <summary>SIGKILL, as a crash or the OOM killer would: no leave is committed, no socket closed; returns when it is gone.</summary>
    public async Task KillAsync()
    {
        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>SIGTERM, as <c>docker stop</c> or systemd would; returns the exit code once the process stopped by itself.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        await SignalAsync("TERM");
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{Name} did not stop within {timeout.TotalSeconds:F0} s of SIGTERM. Log:{Environment.NewLine}{LogTail()}");
        }
        return _process.ExitCode;
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", Pid.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {Pid} ({Name}) failed with {kill.ExitCode}.");
        }
    }

    /// <summary>A protocol client on this WebFront's <c>/ws</c>, as the holder of <paramref name="token"/> when given.</summary>
    public Task<ProtocolClient> ConnectAsync(string? token = null) =>
        ProtocolClient.ConnectAsync(token is null ? SocketUri : new Uri($"{SocketUri}?token={Uri.EscapeDataString(token)}"));

    /// <summary>The status <c>/readyz</c> answers now (503 while Redis is down).</summary>
    public async Task<HttpStatusCode> ReadinessAsync(CancellationToken cancellationToken = default)
    {
        using var response = await Http.GetAsync("/readyz", cancellationToken);
        return response.StatusCode;
    }

    /// <summary>Waits until <c>/readyz</c> answers <paramref name="status"/>.</summary>
    public async Task WaitForReadinessAsync(HttpStatusCode status, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var last = (HttpStatusCode)0;
        try
        {
            while (true)
            {
                ThrowIfExited();
                try
                {
                    last = await ReadinessAsync(deadline.Token);
                    if (last == status)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                await Task.Delay(50, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"{Name}: /readyz did not answer {(int)status} within {timeout.TotalSeconds:F0} s (last {(int)last}). Log:{Environment.NewLine}{LogTail()}");
        }
    }

    /// <summary>Everything the process logged so far.</summary>
    public string ReadLog()
    {
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The last lines of the log, for failure messages.</summary>
    public string LogTail(int lines = 40)
    {
        try
        {
            var all = ReadLog().Split('\n');
            return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
        }
        catch (IOException exception)
        {
            return $"(no log: {exception.Message})";
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await KillAsync();
            }
        }
        catch (Exception exception) when (exception is InvalidOperationException or TimeoutException)
        {
        }
        _process.Dispose();
        _http?.Dispose();
    }

    public override string ToString() => $"{Name} (pid {Pid}, silo port {SiloPort})";

    private static ChatProcess Launch(ChatProcessKind kind, string name, IReadOnlyDictionary<string, string> environment, string logPath)
    {
        var webFront = kind is ChatProcessKind.WebFront or ChatProcessKind.ClientWebFront;
        var dll = webFront ? RepositoryPaths.WebFrontDll : RepositoryPaths.SiloDll;
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"No {kind} build at {dll}; build the solution first.", dll);
        }
        int? httpPort = webFront ? FreePorts.Next() : null;
        var siloPort = FreePorts.Next();
        var gatewayPort = FreePorts.Next();

        // The shell only redirects: exec makes the dotnet host the same process (the pid is the app's), and the log
        // goes to the file without passing through this process, so a busy test host never slows the child down.
        var start = new ProcessStartInfo("/bin/bash")
        {
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$0\" \"$@\" </dev/null >>\"$CHAT_PROCESS_LOG\" 2>&1");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(dll);
        if (httpPort is { } port)
        {
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add($"http://127.0.0.1:{port}");
        }
        foreach (var key in start.Environment.Keys.Where(k => OwnSections.Any(s => k.StartsWith(s, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            start.Environment.Remove(key);
        }
        start.Environment["CHAT_PROCESS_LOG"] = logPath;
        // One line per entry with a UTC timestamp, to line the logs of several processes up; no colours in a file.
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        start.Environment["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ";
        start.Environment["Logging__Console__FormatterOptions__UseUtcTimestamp"] = "true";
        start.Environment["Logging__Console__FormatterOptions__ColorBehavior"] = "Disabled";
        // Membership changes (joins, suspicions, deaths) explain most failures of these tests.
        start.Environment["Logging__LogLevel__Orleans.Runtime.MembershipService"] = "Information";
        // A client front end's gateways (which it knows, which it found dead) explain most of the split tier's.
        start.Environment["Logging__LogLevel__Orleans.Messaging.GatewayManager"] = "Information";
        start.Environment["Orleans__AdvertisedAddress"] = "127.0.0.1";
        start.Environment["Orleans__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["Orleans__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture);
        if (kind == ChatProcessKind.ClientWebFront)
        {
            // No silo here: it finds the silos' gateways through the cluster's membership table.
            start.Environment["Orleans__Role"] = "Client";
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start.");
        return new ChatProcess(process, name, kind, httpPort, siloPort, gatewayPort, logPath);
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        if (IsWebFront)
        {
            await WaitForReadinessAsync(HttpStatusCode.OK, timeout);
            using var health = await Http.GetAsync("/healthz");
            using var json = System.Text.Json.JsonDocument.Parse(await health.Content.ReadAsStringAsync());
            SiloId = json.RootElement.GetProperty("silo").GetString()!;
            return;
        }
        await WaitForLogAsync(StartedLine, timeout);
    }

    /// <summary>Waits until the log holds <paramref name="text"/>.</summary>
    public async Task WaitForLogAsync(string text, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (File.Exists(LogPath) && ReadLog().Contains(text, StringComparison.Ordinal))
            {
                return;
            }
            ThrowIfExited();
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"{Name} did not log '{text}' within {timeout.TotalSeconds:F0} s. Log:{Environment.NewLine}{LogTail()}");
            }
            await Task.Delay(50);
        }
    }

    private void ThrowIfExited()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} before it was ready. Log:{Environment.NewLine}{LogTail()}");
        }
    }
}
