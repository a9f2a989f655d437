using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansChat.Runtime.Hosting;
using OrleansChat.Runtime.Memory;

namespace OrleansChat.Runtime.Testing;

/// <summary>
/// Several silos in one process, sharing one set of in-memory providers (and one clock), so that they
/// behave as a cluster: start N, add one, stop one gracefully, or kill one abruptly. When the settings choose
/// another <c>Cluster:Provider</c>, each silo wires its own providers and they meet in that store instead.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly List<TestSilo> _silos = [];
    private readonly Action<IServiceCollection, IConfiguration> _configureSilo;
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private int _started;

    /// <param name="configureSilo">Adds the grains (and whatever else) to each silo's services.</param>
    /// <param name="timeProvider">The clock of every silo and of the providers; a fake one makes time a test's to move.</param>
    /// <param name="settings">Configuration of every silo, as <c>Section:Key</c> pairs.</param>
    public TestCluster(Action<IServiceCollection> configureSilo, TimeProvider? timeProvider = null, IReadOnlyDictionary<string, string?>? settings = null)
        : this((services, _) => configureSilo(services), timeProvider, settings)
    {
    }

    /// <param name="configureSilo">Adds the grains (and whatever else) to each silo's services, from the silo's configuration.</param>
    /// <param name="timeProvider">The clock of every silo and of the providers.</param>
    /// <param name="settings">Configuration of every silo, as <c>Section:Key</c> pairs.</param>
    public TestCluster(Action<IServiceCollection, IConfiguration> configureSilo, TimeProvider? timeProvider = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        _configureSilo = configureSilo;
        _settings = settings ?? new Dictionary<string, string?>();
        TimeProvider = timeProvider ?? TimeProvider.System;
        var cluster = new ClusterOptions();
        if (_settings.TryGetValue($"{ClusterOptions.SectionName}:{nameof(ClusterOptions.LogRetention)}", out var retention) && retention is not null)
        {
            cluster.LogRetention = int.Parse(retention, System.Globalization.CultureInfo.InvariantCulture);
        }
        Providers = new MemoryProviders(TimeProvider, cluster);
    }

    public TimeProvider TimeProvider { get; }

    /// <summary>The store, streams and membership table that every silo of this cluster shares.</summary>
    public MemoryProviders Providers { get; }

    private bool UsesMemoryProviders =>
        !_settings.TryGetValue($"{ClusterOptions.SectionName}:{nameof(ClusterOptions.Provider)}", out var provider)
        || string.Equals(provider, ClusterOptions.MemoryProvider, StringComparison.OrdinalIgnoreCase);

    /// <summary>The silos running now, oldest first.</summary>
    public IReadOnlyList<TestSilo> Silos => _silos;

    /// <summary>Starts <paramref name="count"/> silos.</summary>
    public async Task DeployAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await StartSiloAsync();
        }
    }

    /// <summary>Starts one more silo.</summary>
    public async Task<TestSilo> StartSiloAsync()
    {
        var number = Interlocked.Increment(ref _started);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(_settings);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{SiloOptions.SectionName}:{nameof(SiloOptions.SiloId)}"] = $"silo-{number}-{Guid.NewGuid().ToString("N")[..6]}",
            [$"{SiloOptions.SectionName}:{nameof(SiloOptions.Address)}"] = $"test://silo-{number}",
        });
        builder.Services.AddSingleton(TimeProvider);
        if (UsesMemoryProviders)
        {
            builder.Services.AddMemoryProviders(Providers);
        }
        _configureSilo(builder.Services, builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        var silo = new TestSilo(host);
        _silos.Add(silo);
        return silo;
    }

    /// <summary>Stops a silo gracefully: its leaves are committed and it marks itself as left.</summary>
    public async Task StopSiloAsync(TestSilo silo)
    {
        _silos.Remove(silo);
        await silo.Host.StopAsync();
        silo.Host.Dispose();
    }

    /// <summary>Kills a silo: no goodbye, no commits, its heartbeats just stop.</summary>
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
            // A store a test took away may keep a graceful stop from committing: the cluster still goes.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            _silos.Remove(silo);
            try
            {
                await silo.Host.StopAsync(timeout.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or Storage.StoreUnavailableException)
            {
            }
            silo.Host.Dispose();
        }
    }
}
