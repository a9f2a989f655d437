using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using Orleans.TestingHost;
using OrleansChat.Grains;
using OrleansChat.Grains.Directory;
using OrleansChat.Grains.Storage;
using OrleansChat.Grains.Storage.Redis;
using OrleansChat.Silo.Hosting;

namespace OrleansChat.Tests.Support;

/// <summary>
/// An Orleans <see cref="InProcessTestCluster"/> of chat silos, each wired by <c>AddChatSilo</c> from the same
/// settings, plus an Orleans client with the rooms' stream provider (a front end without a silo).
/// With the Memory provider every silo shares one room log and one grain state store held by the test, so that
/// both outlive a killed silo as Redis would; with <c>Cluster:Provider=Redis</c> each silo has its own connection
/// and they meet in Redis. Failure detection is fast (<see cref="FastFailureDetection"/>) unless the settings say otherwise.
/// </summary>
internal sealed class ChatTestCluster : IAsyncDisposable
{
    /// <summary>A killed silo is declared dead in about a second or two instead of the product's 4-6 s.</summary>
    public static IReadOnlyDictionary<string, string?> FastFailureDetection { get; } = new Dictionary<string, string?>
    {
        ["Membership:ProbeTimeout"] = "00:00:01",
        ["Membership:NumMissedProbesLimit"] = "2",
        ["Membership:NumVotesForDeathDeclaration"] = "1",
    };

    private ChatTestCluster(InProcessTestCluster cluster, AppendCounter appends, RoomLogFaults faults, IRoomLogStore? log)
    {
        Cluster = cluster;
        Appends = appends;
        Faults = faults;
        SharedLog = log;
        FrontEnds = [.. cluster.Silos.Select(silo => new TestFrontEnd(silo))];
    }

    public InProcessTestCluster Cluster { get; }

    /// <summary>The cluster's Orleans client: a front end with no silo of its own.</summary>
    public IClusterClient Client => Cluster.Client;

    /// <summary>The silos as deployed, in order; a killed one stays in the list.</summary>
    public IReadOnlyList<TestFrontEnd> FrontEnds { get; }

    /// <summary>Log appends per room, counted on every silo.</summary>
    public AppendCounter Appends { get; }

    /// <summary>Append failures a test arms per room, played on whichever silo the room is on.</summary>
    public RoomLogFaults Faults { get; }

    /// <summary>The room log every silo shares (Memory provider); null with Redis.</summary>
    public IRoomLogStore? SharedLog { get; }

    /// <summary>
    /// Deploys <paramref name="silos"/> silos and the client. <paramref name="responseTimeout"/> bounds every grain call
    /// (Orleans' default is 30 s): an in-process kill can drop the answer to a call the dying silo already took.
    /// <paramref name="listingClock"/> dates and ages the room listing instead of the silos' clock (Orleans keeps the real one).
    /// </summary>
    public static async Task<ChatTestCluster> StartAsync(
        int silos, IReadOnlyDictionary<string, string?>? settings = null, TimeSpan? responseTimeout = null, TimeProvider? listingClock = null)
    {
        var all = new Dictionary<string, string?>(FastFailureDetection);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        var isRedis = configuration.GetSection(ChatClusterOptions.SectionName).Get<ChatClusterOptions>()?.IsRedis == true;
        var streams = configuration.GetSection(RoomStreamOptions.SectionName).Get<RoomStreamOptions>() ?? new RoomStreamOptions();
        var appends = new AppendCounter();
        var faults = new RoomLogFaults();
        var log = isRedis ? null : new MemoryRoomLogStore(Options.Create(configuration.GetSection(RoomLogOptions.SectionName).Get<RoomLogOptions>() ?? new RoomLogOptions()));
        var grainState = new SharedGrainStateStore();

        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((options, host) =>
        {
            if (Environment.GetEnvironmentVariable(FileLoggerProvider.Variable) is { Length: > 0 } logPath)
            {
                host.Logging.AddProvider(new FileLoggerProvider(logPath, options.SiloName));
                host.Logging.SetMinimumLevel(LogLevel.Debug);
            }
            host.Configuration.AddInMemoryCollection(all);
            if (listingClock is not null)
            {
                // Registered before AddChatSilo, which keeps a listing clock registered earlier.
                host.Services.AddKeyedSingleton(RoomListingClock.Key, listingClock);
            }
            // Registered before AddChatSilo, which keeps a room log store registered earlier.
            if (log is not null)
            {
                host.Services.AddSingleton(log);
                host.Services.AddSingleton<IRoomLogStore>(new FaultyRoomLogStore(new CountingRoomLogStore(log, appends), faults));
            }
            else
            {
                host.Services.AddSingleton<IRoomLogStore>(sp => new FaultyRoomLogStore(new CountingRoomLogStore(sp.GetRequiredService<RedisRoomLogStore>(), appends), faults));
            }
            host.UseOrleans(silo =>
            {
                silo.AddChatSilo(host.Configuration);
                if (responseTimeout is { } timeout)
                {
                    silo.Configure<SiloMessagingOptions>(options => options.ResponseTimeout = timeout);
                }
                if (log is not null)
                {
                    // Registered after AddChatSilo's memory grain storage, whose state would die with a killed silo.
                    foreach (var name in new[] { ChatStorage.Name, ChatStorage.PubSub })
                    {
                        silo.Services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) => new SharedGrainStorage(
                            name, grainState, sp.GetRequiredService<IGrainStorageSerializer>(), sp.GetRequiredService<IActivatorProvider>()));
                    }
                }
            });
        });
        builder.ConfigureClient(client =>
        {
            client.AddMemoryStreams(ChatStreams.ProviderName, s => s.ConfigurePartitioning(streams.QueueCount));
            if (responseTimeout is { } timeout)
            {
                client.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = timeout);
            }
        });
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return new ChatTestCluster(cluster, appends, faults, log);
    }

    /// <summary>A grain's state as its silo's <c>chat</c> grain storage holds it (what a new activation would read).</summary>
    public async Task<T> ReadStoredStateAsync<T>(string stateName, IAddressable grain) where T : new()
    {
        var storage = FrontEnds[0].Silo.ServiceProvider.GetRequiredKeyedService<IGrainStorage>(ChatStorage.Name);
        var state = new GrainState<T>(new T());
        await storage.ReadStateAsync(stateName, grain.GetGrainId(), state);
        return state.State ?? throw new InvalidOperationException($"The storage gave no state for {grain.GetGrainId()}.");
    }

    /// <summary>Kills the front end's silo abruptly, as a crash would: no graceful shutdown, nothing sent.</summary>
    public Task KillAsync(TestFrontEnd frontEnd) => Cluster.KillSiloAsync(frontEnd.Silo);

    /// <summary>Stops the front end's silo gracefully.</summary>
    public Task StopAsync(TestFrontEnd frontEnd) => Cluster.StopSiloAsync(frontEnd.Silo);

    /// <summary>The front end whose silo hosts the grain's activation now, if it is active.</summary>
    public TestFrontEnd? HostOf(IAddressable grain) =>
        Cluster.TryGetGrainContext(grain.GetGrainId(), out var context)
            ? FrontEnds.FirstOrDefault(f => f.Silo.SiloAddress.Equals(context.Address.SiloAddress))
            : null;

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();
}
