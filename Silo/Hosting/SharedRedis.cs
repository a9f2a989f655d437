using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Clustering.Redis;
using OrleansChat.Grains.Storage.Redis;
using StackExchange.Redis;

namespace OrleansChat.Silo.Hosting;

/// <summary>
/// One StackExchange.Redis multiplexer per process (silo or client), shared by Orleans' Redis providers and the
/// room logs, with every operation bounded by <c>Redis:OperationTimeout</c>.
/// </summary>
internal static class SharedRedis
{
    public static void AddMultiplexer(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.SectionName);
        services.TryAddSingleton<IConnectionMultiplexer>(sp =>
        {
            var connectionString = configuration.GetConnectionString(RedisOptions.ConnectionStringName)
                ?? throw new InvalidOperationException($"Cluster:Provider=Redis needs ConnectionStrings:{RedisOptions.ConnectionStringName} (e.g. 127.0.0.1:6379).");
            var timeout = (int)sp.GetRequiredService<IOptions<RedisOptions>>().Value.OperationTimeout.TotalMilliseconds;
            var options = ConfigurationOptions.Parse(connectionString);
            options.AbortOnConnectFail = false;
            // While the connection is down, commands fail at once instead of waiting in a backlog for the timeout:
            // with Redis away every send answers 'unavailable' at once, not one timeout after the other.
            options.BacklogPolicy = BacklogPolicy.FailFast;
            options.AsyncTimeout = timeout;
            options.SyncTimeout = timeout;
            options.ConnectTimeout = Math.Max(options.ConnectTimeout, timeout);
            return ConnectionMultiplexer.Connect(options);
        });
    }

    /// <summary>Orleans' Redis membership (silo or gateway list) on the shared multiplexer.</summary>
    public static void UseForClustering(IServiceCollection services, IConfiguration configuration)
    {
        AddMultiplexer(services, configuration);
        services.AddOptions<RedisClusteringOptions>().Configure<IConnectionMultiplexer>((options, redis) =>
        {
            options.ConfigurationOptions = ConfigurationOf(redis);
            options.CreateMultiplexer = _ => Task.FromResult((redis, IsShared: true));
        });
    }

    /// <summary>Orleans' validators require ConfigurationOptions even when the shared multiplexer is what gets used.</summary>
    public static ConfigurationOptions ConfigurationOf(IConnectionMultiplexer redis) => ConfigurationOptions.Parse(redis.Configuration);
}
