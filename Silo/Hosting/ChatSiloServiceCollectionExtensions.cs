using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansChat.Grains.Hosting;
using OrleansChat.Runtime.Hosting;
using OrleansChat.Runtime.Memory;
using OrleansChat.Runtime.Redis.Hosting;

namespace OrleansChat.Silo.Hosting;

/// <summary>Wires a chat silo from configuration: the grain runtime, the chat grains and the configured providers.</summary>
public static class ChatSiloServiceCollectionExtensions
{
    /// <summary>
    /// Adds a silo whose providers follow <c>Cluster:Provider</c> (<c>Memory</c> by default). Providers already
    /// registered (a test cluster's shared ones) are kept. Calling it twice adds nothing the second time.
    /// </summary>
    public static IServiceCollection AddChatSilo(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddGrainRuntime().AddChatGrains();
        var provider = configuration[$"{ClusterOptions.SectionName}:{nameof(ClusterOptions.Provider)}"] ?? ClusterOptions.MemoryProvider;
        if (string.Equals(provider, ClusterOptions.MemoryProvider, StringComparison.OrdinalIgnoreCase))
        {
            services.AddMemoryProviders();
        }
        else if (string.Equals(provider, ClusterOptions.RedisProvider, StringComparison.OrdinalIgnoreCase))
        {
            services.AddRedisProviders(configuration);
        }
        return services;
    }
}
