using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Hosting;
using OrleansChat.WebFront.Connections;
using OrleansChat.WebFront.Identity;
using OrleansChat.WebFront.Metrics;

namespace OrleansChat.WebFront.Hosting;

/// <summary>Registers the WebFront's services: options, connections, identity, metrics.</summary>
public static class WebFrontServiceCollectionExtensions
{
    /// <summary>Adds the WebFront on top of a silo (<c>AddChatSilo</c>). Calling it twice adds nothing the second time.</summary>
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
        services.TryAddSingleton<ChatMetrics>();
        services.TryAddSingleton<PrometheusExporter>();

        services.TryAddSingleton<ChatConnections>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISiloShutdownParticipant, ChatConnections>(sp => sp.GetRequiredService<ChatConnections>()));
        services.TryAddSingleton<ChatConnectionServices>();
        services.TryAddSingleton<OriginPolicy>();
        services.TryAddSingleton<TokenKeyProvider>();
        services.TryAddSingleton<ConnectionIdentity>();

        // Behind the loopback proxy of a scale-out (Caddy), the browser's scheme is the forwarded one.
        services.Configure<ForwardedHeadersOptions>(options => options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);
        return services;
    }
}
