using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansChat.Bench.Peers.SignalR.Rooms;

namespace OrleansChat.Bench.Peers.SignalR.Hubs;

/// <summary>Wires the SignalR room chat the way a .NET team would by default: one hub, groups per room, in memory.</summary>
public static class PeerServiceCollectionExtensions
{
    /// <summary>Maximum inbound message, as the real server's default frame limit.</summary>
    public const int MaxMessageBytes = 16 * 1024;

    public static IServiceCollection AddChatPeer(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RoomRegistry>();
        services.AddSignalR(options =>
        {
            options.MaximumReceiveMessageSize = MaxMessageBytes;
            // Idle benchmark clients send nothing; SignalR's default 30 s client timeout would drop them,
            // while the real server keeps silent sockets. The server still pings every 15 s by default.
            options.ClientTimeoutInterval = configuration.GetValue("Peer:ClientTimeout", TimeSpan.FromMinutes(10));
        });
        return services;
    }
}
