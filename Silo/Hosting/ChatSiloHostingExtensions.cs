using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Persistence;
using OrleansChat.Grains;
using OrleansChat.Grains.Directory;
using OrleansChat.Grains.Rooms;
using OrleansChat.Grains.Storage;
using OrleansChat.Grains.Storage.Redis;
using StackExchange.Redis;

namespace OrleansChat.Silo.Hosting;

/// <summary>Wires a chat silo from configuration (see the README's table): clustering, storage, streams, the grains.</summary>
public static class ChatSiloHostingExtensions
{
    /// <summary>
    /// Runs an Orleans silo in this host: clustering from <c>Cluster:Provider</c> (localhost clustering for
    /// <c>Memory</c>, Redis membership for <c>Redis</c>) on the configured ports, plus <see cref="AddChatSilo(ISiloBuilder, IConfiguration)"/>
    /// and, when <c>Dashboard:Enabled</c> (default: in Development), the Orleans Dashboard's part of a silo.
    /// </summary>
    public static IHostApplicationBuilder AddChatSilo(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var dashboard = ChatDashboard.IsEnabled(builder);
        builder.UseOrleans(silo =>
        {
            silo.UseChatClustering(configuration).AddChatSilo(configuration);
            if (dashboard)
            {
                ChatDashboard.AddSiloSide(silo);
            }
        });
        return builder;
    }

    /// <summary>Cluster and service ids, membership provider and endpoints. Test clusters set these themselves.</summary>
    public static ISiloBuilder UseChatClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        var cluster = ConfigurationSections.Bind<ChatClusterOptions>(configuration, ChatClusterOptions.SectionName);
        var endpoints = ConfigurationSections.Bind<SiloEndpointOptions>(configuration, SiloEndpointOptions.SectionName);
        silo.Configure<ClusterOptions>(cluster.ApplyTo);
        if (cluster.IsRedis)
        {
            silo.UseRedisClustering(_ => { });
            SharedRedis.UseForClustering(silo.Services, configuration);
            if (string.IsNullOrEmpty(endpoints.AdvertisedAddress))
            {
                silo.ConfigureEndpoints(endpoints.SiloPort, endpoints.GatewayPort, listenOnAnyHostAddress: true);
            }
            else
            {
                silo.ConfigureEndpoints(IPAddress.Parse(endpoints.AdvertisedAddress), endpoints.SiloPort, endpoints.GatewayPort, listenOnAnyHostAddress: true);
            }
        }
        else
        {
            var primary = endpoints.PrimarySiloPort is { } port ? new IPEndPoint(IPAddress.Loopback, port) : null;
            silo.UseLocalhostClustering(endpoints.SiloPort, endpoints.GatewayPort, primary, cluster.ServiceId, cluster.ClusterId);
        }
        return silo;
    }

    /// <summary>
    /// The chat's grains and what they need: grain storage and <c>PubSubStore</c>, the room log store, memory streams,
    /// failure-detection timing, idle collection, the dead front end reaper, the rooms' metrics and (unless
    /// <c>Telemetry:Enabled</c> is false) trace propagation through grain calls. Providers follow <c>Cluster:Provider</c>;
    /// a room log store registered before (a test's shared one) is kept.
    /// </summary>
    public static ISiloBuilder AddChatSilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        var services = silo.Services;
        if (services.Any(d => d.ServiceType == typeof(DeadFrontEndReaper)))
        {
            return silo;
        }
        var cluster = ConfigurationSections.Bind<ChatClusterOptions>(configuration, ChatClusterOptions.SectionName);
        services.AddOptions<RoomLogOptions>().BindConfiguration(RoomLogOptions.SectionName);
        services.AddOptions<RoomOptions>().BindConfiguration(RoomOptions.SectionName);
        services.AddOptions<RoomStreamOptions>().BindConfiguration(RoomStreamOptions.SectionName)
            .Validate(o => o.PullingPeriod > TimeSpan.Zero && o.QueueCount >= 1 && o.DeliveryBatchSize >= 1,
                $"{RoomStreamOptions.SectionName}: {nameof(RoomStreamOptions.PullingPeriod)} must be positive, {nameof(RoomStreamOptions.QueueCount)} and {nameof(RoomStreamOptions.DeliveryBatchSize)} at least 1.")
            .ValidateOnStart();
        services.AddOptions<ChatSiloOptions>().BindConfiguration(ChatSiloOptions.SectionName);
        services.AddOptions<RoomListingOptions>().BindConfiguration(RoomListingOptions.SectionName)
            .Validate(o => o.RoomListingIdleAge > TimeSpan.Zero, $"{RoomListingOptions.SectionName}:{nameof(RoomListingOptions.RoomListingIdleAge)} must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton<TimeProvider>(RoomListingClock.Key, (sp, _) => sp.GetRequiredService<TimeProvider>());

        if (cluster.IsRedis)
        {
            AddRedisProviders(silo, configuration);
        }
        else
        {
            silo.AddMemoryGrainStorage(ChatStorage.Name);
            silo.AddMemoryGrainStorage(ChatStorage.PubSub);
            services.TryAddSingleton<MemoryRoomLogStore>();
            services.TryAddSingleton<IRoomLogStore>(sp => sp.GetRequiredService<MemoryRoomLogStore>());
            services.TryAddSingleton<IStoreHealth>(sp => sp.GetRequiredService<MemoryRoomLogStore>());
        }

        var streams = ConfigurationSections.Bind<RoomStreamOptions>(configuration, RoomStreamOptions.SectionName);
        silo.AddMemoryStreams(ChatStreams.ProviderName, configurator =>
        {
            configurator.ConfigurePartitioning(streams.QueueCount);
            configurator.ConfigurePullingAgent(options => options.Configure(o =>
            {
                o.GetQueueMsgsTimerPeriod = streams.PullingPeriod;
                o.BatchContainerBatchSize = streams.DeliveryBatchSize;
            }));
            configurator.ConfigureBackoffProvider((_, _) => new RoomQueueReaderBackoff());
        });

        ChatExceptions.AllowSerialization(services);
        services.TryAddSingleton<RoomMetrics>();
        if (TelemetryOptions.From(configuration).Enabled)
        {
            // A trace goes on through grain calls (W3C trace context in the request context).
            silo.AddActivityPropagation();
        }

        silo.Configure<ClusterMembershipOptions>(MembershipDefaults.Apply);
        services.AddOptions<ClusterMembershipOptions>().BindConfiguration(MembershipDefaults.SectionName);
        services.AddOptions<GrainCollectionOptions>().Configure<IOptions<ChatSiloOptions>>((options, chat) => options.CollectionAge = chat.Value.CollectionAge);

        services.TryAddSingleton<FrontEndPresenceRemover>();
        services.AddSingleton<DeadFrontEndReaper>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<DeadFrontEndReaper>());
        return silo;
    }

    private static void AddRedisProviders(ISiloBuilder silo, IConfiguration configuration)
    {
        var services = silo.Services;
        SharedRedis.AddMultiplexer(services, configuration);
        silo.AddRedisGrainStorage(ChatStorage.Name);
        silo.AddRedisGrainStorage(ChatStorage.PubSub);
        foreach (var name in new[] { ChatStorage.Name, ChatStorage.PubSub })
        {
            services.AddOptions<RedisStorageOptions>(name).Configure<IConnectionMultiplexer>((options, redis) =>
            {
                options.ConfigurationOptions = SharedRedis.ConfigurationOf(redis);
                options.CreateMultiplexer = _ => Task.FromResult((redis, IsShared: true));
            });
        }
        services.TryAddSingleton<RedisRoomLogStore>();
        services.TryAddSingleton<IRoomLogStore>(sp => sp.GetRequiredService<RedisRoomLogStore>());
        services.TryAddSingleton<IStoreHealth>(sp => sp.GetRequiredService<RedisRoomLogStore>());
    }
}
