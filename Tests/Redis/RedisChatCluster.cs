using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansChat.Runtime.Hosting;
using OrleansChat.Runtime.Testing;
using OrleansChat.Silo.Hosting;

namespace OrleansChat.Tests.Redis;

/// <summary>
/// Chat silos in this process, each a host of its own wired by <c>AddChatSilo</c> with <c>Cluster:Provider=Redis</c>:
/// every silo has its own multiplexer, as separate processes would, and they meet only in Redis.
/// </summary>
internal sealed class RedisChatCluster : IAsyncDisposable
{
    private readonly List<TestSilo> _silos = [];
    private readonly Dictionary<string, string?> _settings;
    private int _started;

    public RedisChatCluster(string connectionString, IReadOnlyDictionary<string, string?>? settings = null)
    {
        Prefix = RedisFixture.NewPrefix();
        _settings = new Dictionary<string, string?>
        {
            ["Cluster:Provider"] = "Redis",
            ["ConnectionStrings:Redis"] = connectionString,
            ["Redis:KeyPrefix"] = Prefix,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public string Prefix { get; }

    public IReadOnlyList<TestSilo> Silos => _silos;

    public static async Task<RedisChatCluster> StartAsync(string connectionString, int silos, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var cluster = new RedisChatCluster(connectionString, settings);
        for (var i = 0; i < silos; i++)
        {
            await cluster.StartSiloAsync();
        }
        return cluster;
    }

    public async Task<TestSilo> StartSiloAsync()
    {
        var number = Interlocked.Increment(ref _started);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(_settings);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Silo:SiloId"] = $"silo-{number}-{Guid.NewGuid().ToString("N")[..6]}",
            ["Silo:Address"] = $"test://silo-{number}",
        });
        if (Environment.GetEnvironmentVariable("ORLEANSCHAT_TEST_LOG") == "1")
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Debug);
        }
        builder.Services.AddChatSilo(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        var silo = new TestSilo(host);
        _silos.Add(silo);
        return silo;
    }

    public async Task StopSiloAsync(TestSilo silo)
    {
        _silos.Remove(silo);
        await silo.Host.StopAsync();
        silo.Host.Dispose();
    }

    /// <summary>Kills a silo: no goodbye, no commits; its heartbeats stop and its connection to Redis closes.</summary>
    public void KillSilo(TestSilo silo)
    {
        _silos.Remove(silo);
        silo.Services.GetRequiredService<SiloLifetime>().Kill();
        silo.Host.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos.ToList())
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                _silos.Remove(silo);
                await silo.Host.StopAsync(timeout.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or OrleansChat.Runtime.Storage.StoreUnavailableException)
            {
            }
            silo.Host.Dispose();
        }
    }
}
