using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansChat.WebFront.Cluster;
using OrleansChat.WebFront.Connections;
using OrleansChat.WebFront.Feeds;
using OrleansChat.WebFront.Health;
using OrleansChat.WebFront.Identity;
using OrleansChat.WebFront.Telemetry;

namespace OrleansChat.WebFront.Hosting;

/// <summary>Registers the WebFront's services: options, connections, room feeds, identity, metrics, health checks.</summary>
public static class WebFrontServiceCollectionExtensions
{
    /// <summary>
    /// Adds the WebFront on top of a co-hosted silo (<c>AddChatSilo</c>) or, with <paramref name="asClient"/>, of an
    /// Orleans client (<c>AddChatClient</c>, registered before this). Calling it twice adds nothing the second time.
    /// </summary>
    public static IServiceCollection AddWebFront(this IServiceCollection services, bool asClient = false)
    {
        if (services.Any(d => d.ServiceType == typeof(ChatConnections)))
        {
            return services;
        }
        services.AddOptions<WebFrontOptions>().BindConfiguration(WebFrontOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebFrontOptions>, WebFrontOptionsValidator>());
        services.AddOptions<IdentityOptions>().BindConfiguration(IdentityOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IdentityOptions>, IdentityOptionsValidator>());

        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ChatMetrics>();
        services.AddChatHealthChecks();

        services.AddOptions<FrontEndOptions>().BindConfiguration(FrontEndOptions.SectionName);
        services.TryAddSingleton<RoomFeeds>();
        services.TryAddSingleton<LeaseRenewer>();
        services.TryAddSingleton<WebFrontLifecycle>();
        services.TryAddSingleton<ChatConnections>();
        services.TryAddSingleton<ChatConnectionServices>();
        services.TryAddSingleton<OriginPolicy>();
        services.TryAddSingleton<TokenKeyProvider>();
        services.TryAddSingleton<ConnectionIdentity>();
        if (asClient)
        {
            services.TryAddSingleton(FrontEnd.ForClient());
            services.TryAddSingleton<ClientAttachment>();
            services.TryAddSingleton<IClusterAttachment>(sp => sp.GetRequiredService<ClientAttachment>());
            services.AddSingleton<IClusterConnectionStatusObserver>(sp => sp.GetRequiredService<ClientAttachment>());
            services.AddHostedService(sp => sp.GetRequiredService<WebFrontLifecycle>());
        }
        else
        {
            services.TryAddSingleton(sp => FrontEnd.ForSilo(sp.GetRequiredService<ILocalSiloDetails>()));
            services.TryAddSingleton<IClusterAttachment, SiloAttachment>();
            services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<WebFrontLifecycle>());
        }

        // Behind the loopback proxy of a scale-out (Caddy), the browser's scheme is the forwarded one.
        services.Configure<ForwardedHeadersOptions>(options => options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);
        return services;
    }
}
