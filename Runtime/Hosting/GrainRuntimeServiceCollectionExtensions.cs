using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Activation;
using OrleansChat.Runtime.Membership;
using OrleansChat.Runtime.Streams;

namespace OrleansChat.Runtime.Hosting;

/// <summary>Adds the grain runtime of one silo to a host's services.</summary>
public static class GrainRuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Adds activations, grain references, idle collection, membership and the graceful-stop order.
    /// Providers (<see cref="Storage.IGrainStorage"/>, <see cref="IStreamProvider"/>, <see cref="IMembershipTable"/>)
    /// are added separately. Calling it again only returns the builder of the first call.
    /// </summary>
    public static GrainRuntimeBuilder AddGrainRuntime(this IServiceCollection services)
    {
        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(GrainRuntimeBuilder))?.ImplementationInstance;
        if (existing is GrainRuntimeBuilder builder)
        {
            return builder;
        }
        var registry = new GrainTypeRegistry();
        builder = new GrainRuntimeBuilder(services, registry);
        services.AddSingleton(builder);
        services.AddSingleton(registry);

        services.AddOptions<SiloOptions>().BindConfiguration(SiloOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MembershipOptions>().BindConfiguration(MembershipOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ClusterOptions>().BindConfiguration(ClusterOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MembershipOptions>, MembershipOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SiloOptions>>().Value;
            var id = string.IsNullOrWhiteSpace(options.SiloId) ? SiloDetails.NewSiloId() : options.SiloId;
            return new SiloDetails(id, options.Address, sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton(sp => new SiloStreams(sp.GetRequiredService<IStreamProvider>()));
        services.TryAddSingleton<ActivationCatalog>();
        services.TryAddSingleton<IGrainFactory, GrainFactory>();
        services.TryAddSingleton<SiloLifetime>();
        services.TryAddSingleton<MembershipAgent>();

        // Stop runs in reverse order: the lifecycle (leaves, deactivation) before the heartbeats end.
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<MembershipAgent>());
        services.AddHostedService<IdleCollector>();
        services.AddHostedService<SiloLifecycleService>();
        return builder;
    }
}
