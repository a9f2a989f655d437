using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using OrleansChat.Grains;
using OrleansChat.Grains.Storage;

namespace OrleansChat.Silo.Hosting;

/// <summary>
/// Wires an Orleans client of a chat silo tier (the split tier's front ends): the same cluster ids, gateways found
/// through the membership provider (Redis; or the localhost cluster's gateway on <c>Orleans:GatewayPort</c> with
/// the Memory provider), and the rooms' memory streams configured as on the silos, so that room feeds subscribe
/// exactly as a co-hosted front end's do; and, when <c>Dashboard:Enabled</c>, what it needs to serve the Orleans
/// Dashboard of the silo tier.
/// </summary>
public static class ChatClientHostingExtensions
{
    /// <summary>
    /// How long a front end waits for a grain's answer. A request already written to a gateway that is then killed
    /// gets no answer and no rejection (the client does not track what was in flight on a connection), so only this
    /// timeout ends it: Orleans' 30 s default held a user's send that long before it answered <c>unavailable</c>.
    /// A silo's own calls to a dead silo fail once membership declares it dead (well within this).
    /// </summary>
    public static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(10);

    public static IHostApplicationBuilder AddChatClient(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var cluster = ConfigurationSections.Bind<ChatClusterOptions>(configuration, ChatClusterOptions.SectionName);
        var endpoints = ConfigurationSections.Bind<SiloEndpointOptions>(configuration, SiloEndpointOptions.SectionName);
        var streams = ConfigurationSections.Bind<RoomStreamOptions>(configuration, RoomStreamOptions.SectionName);
        var dashboard = ChatDashboard.IsEnabled(builder);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(cluster.ApplyTo);
            if (cluster.IsRedis)
            {
                client.UseRedisClustering(_ => { });
                SharedRedis.UseForClustering(client.Services, configuration);
            }
            else
            {
                client.UseLocalhostClustering(endpoints.GatewayPort, cluster.ServiceId, cluster.ClusterId);
            }
            client.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = ResponseTimeout);
            client.AddMemoryStreams(ChatStreams.ProviderName, configurator => configurator.ConfigurePartitioning(streams.QueueCount));
            if (dashboard)
            {
                ChatDashboard.AddClientSide(client);
            }
            if (TelemetryOptions.From(configuration).Enabled)
            {
                client.AddActivityPropagation();
            }
        });
        ChatExceptions.AllowSerialization(builder.Services);
        builder.Services.TryAddSingleton<IStoreHealth, ClusterStoreHealth>();
        return builder;
    }
}
