using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansChat.Runtime.Membership;
using OrleansChat.Runtime.Redis.Connection;
using OrleansChat.Runtime.Redis.Membership;
using OrleansChat.Runtime.Redis.Secrets;
using OrleansChat.Runtime.Redis.Storage;
using OrleansChat.Runtime.Redis.Streams;
using OrleansChat.Runtime.Secrets;
using OrleansChat.Runtime.Storage;
using OrleansChat.Runtime.Streams;

namespace OrleansChat.Runtime.Redis.Hosting;

/// <summary>Puts a silo on the Redis providers: grain storage, streams, membership and shared secrets over one multiplexer.</summary>
public static class RedisProvidersServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Redis providers, configured from <c>ConnectionStrings:Redis</c> and the <c>Redis</c> section of
    /// <paramref name="configuration"/>. Providers registered before are kept; calling it twice adds nothing more.
    /// </summary>
    public static IServiceCollection AddRedisProviders(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(RedisConnection)))
        {
            return services;
        }
        services.AddOptions<RedisOptions>()
            .Bind(configuration.GetSection(RedisOptions.SectionName))
            .Configure(options => options.ConnectionString = configuration.GetConnectionString(RedisOptions.ConnectionStringName) ?? options.ConnectionString)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<RedisConnection>();
        services.TryAddSingleton<RedisGrainStorage>();
        services.TryAddSingleton<RedisStreamProvider>();
        services.TryAddSingleton<RedisMembershipTable>();
        services.TryAddSingleton<RedisSharedSecretStore>();
        services.TryAddSingleton<IGrainStorage>(sp => sp.GetRequiredService<RedisGrainStorage>());
        services.TryAddSingleton<IStreamProvider>(sp => sp.GetRequiredService<RedisStreamProvider>());
        services.TryAddSingleton<IMembershipTable>(sp => sp.GetRequiredService<RedisMembershipTable>());
        services.TryAddSingleton<ISharedSecretStore>(sp => sp.GetRequiredService<RedisSharedSecretStore>());
        return services;
    }
}
