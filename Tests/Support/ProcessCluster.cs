using OrleansChat.Tests.Redis;

namespace OrleansChat.Tests.Support;

/// <summary>
/// One Orleans cluster of child processes (<see cref="ChatProcess"/>) on a real Redis: every process gets
/// <c>Cluster__Provider=Redis</c>, the Redis connection string, this cluster's own ClusterId and ServiceId (so its
/// membership, grain state and pub-sub never meet another test's) and its own <c>Redis__KeyPrefix</c> (the room
/// logs). Logs go to <c>process-logs/&lt;cluster&gt;/</c> beside the test assembly. Disposing kills what still runs.
/// </summary>
internal sealed class ProcessCluster : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;
    private readonly List<ChatProcess> _processes = [];
    private readonly Lock _lock = new();
    private int _webFronts;
    private int _silos;

    /// <param name="redisConnectionString">The test's Redis, e.g. <c>127.0.0.1:6390</c>.</param>
    /// <param name="name">Names the cluster id and the log directory (the test's name, shortened).</param>
    /// <param name="settings">More <c>Section__Key</c> settings for every process (membership timing, limits).</param>
    public ProcessCluster(string redisConnectionString, string name, IReadOnlyDictionary<string, string>? settings = null)
    {
        Id = $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)];
        KeyPrefix = RedisFixture.NewPrefix();
        LogDirectory = Path.Combine(AppContext.BaseDirectory, "process-logs", $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Id}");
        _environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Cluster__Provider"] = "Redis",
            ["ConnectionStrings__Redis"] = redisConnectionString,
            ["Cluster__ClusterId"] = Id,
            ["Cluster__ServiceId"] = Id,
            ["Redis__KeyPrefix"] = KeyPrefix,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            _environment[key] = value;
        }
    }

    /// <summary>The cluster's ClusterId and ServiceId.</summary>
    public string Id { get; }

    public string KeyPrefix { get; }

    public string LogDirectory { get; }

    /// <summary>Starts one more WebFront (a co-hosted silo) and waits until it is ready.</summary>
    public Task<ChatProcess> StartWebFrontAsync() =>
        StartAsync(ChatProcessKind.WebFront, $"webfront-{Interlocked.Increment(ref _webFronts)}");

    /// <summary>Starts <paramref name="count"/> WebFronts at once and waits until all are ready.</summary>
    public async Task<IReadOnlyList<ChatProcess>> StartWebFrontsAsync(int count) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(_ => StartWebFrontAsync()));

    /// <summary>Starts one more WebFront as an Orleans client of the cluster's silos (the split tier) and waits until it is ready.</summary>
    public Task<ChatProcess> StartClientWebFrontAsync() =>
        StartAsync(ChatProcessKind.ClientWebFront, $"client-webfront-{Interlocked.Increment(ref _webFronts)}");

    /// <summary>Starts <paramref name="count"/> client WebFronts at once and waits until all are ready.</summary>
    public async Task<IReadOnlyList<ChatProcess>> StartClientWebFrontsAsync(int count) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(_ => StartClientWebFrontAsync()));

    /// <summary>Starts <paramref name="count"/> headless silos at once and waits until all have joined.</summary>
    public async Task<IReadOnlyList<ChatProcess>> StartSilosAsync(int count) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(_ => StartSiloAsync()));

    /// <summary>Starts one more headless silo and waits until it has joined the cluster.</summary>
    public Task<ChatProcess> StartSiloAsync() =>
        StartAsync(ChatProcessKind.Silo, $"silo-{Interlocked.Increment(ref _silos)}");

    /// <summary>The log of every process started, for a failure message.</summary>
    public string LogTails()
    {
        lock (_lock)
        {
            return string.Join(Environment.NewLine, _processes.Select(p => $"--- {p} ---{Environment.NewLine}{p.LogTail(25)}"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<ChatProcess> processes;
        lock (_lock)
        {
            processes = [.. _processes];
            _processes.Clear();
        }
        await Task.WhenAll(processes.Select(p => p.DisposeAsync().AsTask()));
    }

    private async Task<ChatProcess> StartAsync(ChatProcessKind kind, string name)
    {
        var process = await ChatProcess.StartAsync(kind, name, _environment, LogDirectory);
        lock (_lock)
        {
            _processes.Add(process);
        }
        return process;
    }
}
