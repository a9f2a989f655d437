using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansChat.Bench.Peers.SignalR.Rooms;
using StackExchange.Redis;

namespace OrleansChat.Bench.Peers.SignalR.Hubs;

/// <summary>
/// Wires the SignalR room chat the way a .NET team would by default: one hub, groups per room, in memory; with a
/// Redis connection string (<c>ConnectionStrings__Redis</c>) it scales out over SignalR's Redis backplane.
/// </summary>
public static class PeerServiceCollectionExtensions
{
    /// <summary>Maximum inbound message, as the real server's default frame limit.</summary>
    public const int MaxMessageBytes = 16 * 1024;

    /// <summary>The backplane's channel prefix, so the peer's channels never mix with anything else on a shared Redis.</summary>
    public const string RedisChannelPrefix = "bench-peer";

    public static IServiceCollection AddChatPeer(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RoomRegistry>();
        var signalR = services.AddSignalR(options =>
        {
            options.MaximumReceiveMessageSize = MaxMessageBytes;
            // Idle benchmark clients send nothing; SignalR's default 30 s client timeout would drop them,
            // while the real server keeps silent sockets. The server still pings every 15 s by default.
            options.ClientTimeoutInterval = configuration.GetValue("Peer:ClientTimeout", TimeSpan.FromMinutes(10));
        });
        if (configuration.GetConnectionString("Redis") is { Length: > 0 } redis)
        {
            // Group sends go through Redis pub/sub to every node; each node's rooms (seq, members) stay its own,
            // as in a scaled-out hub that keeps no shared state besides the backplane.
            signalR.AddStackExchangeRedis(redis, options => options.Configuration.ChannelPrefix = RedisChannel.Literal(RedisChannelPrefix));
        }
        return services;
    }
}
