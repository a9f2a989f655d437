using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansChat.WebFront.Connections;
using OrleansChat.WebFront.Feeds;
using OrleansChat.WebFront.Identity;
using OrleansChat.WebFront.Metrics;

namespace OrleansChat.WebFront.Hosting;

/// <summary>Registers the WebFront's services: options, connections, room feeds, identity, metrics.</summary>
public static class WebFrontServiceCollectionExtensions
{
    /// <summary>Adds the WebFront on top of a co-hosted silo (<c>AddChatSilo</c>). Calling it twice adds nothing the second time.</summary>
    public static IServiceCollection AddWebFront(this IServiceCollection services)
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
        services.TryAddSingleton<PrometheusExporter>();

        services.TryAddSingleton<FrontEnd>();
        services.TryAddSingleton<RoomFeeds>();
        services.TryAddSingleton<FeedRecovery>();
        services.TryAddSingleton<ChatConnections>();
        services.TryAddSingleton<ChatConnectionServices>();
        services.TryAddSingleton<OriginPolicy>();
        services.TryAddSingleton<TokenKeyProvider>();
        services.TryAddSingleton<ConnectionIdentity>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, WebFrontLifecycle>();

        // Behind the loopback proxy of a scale-out (Caddy), the browser's scheme is the forwarded one.
        services.Configure<ForwardedHeadersOptions>(options => options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);
        return services;
    }
}
