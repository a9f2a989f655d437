using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Hosting;
using OrleansChat.Runtime.Membership;
using OrleansChat.Runtime.Secrets;
using OrleansChat.Runtime.Storage;
using OrleansChat.Runtime.Streams;

namespace OrleansChat.Runtime.Memory;

/// <summary>Puts a silo on the in-memory providers.</summary>
public static class MemoryProvidersServiceCollectionExtensions
{
    /// <summary>Uses <paramref name="shared"/> when given (silos of one test cluster), else providers of this silo's own.</summary>
    public static IServiceCollection AddMemoryProviders(this IServiceCollection services, MemoryProviders? shared = null)
    {
        services.TryAddSingleton(sp => shared ?? new MemoryProviders(
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<ClusterOptions>>().Value));
        services.TryAddSingleton<IGrainStorage>(sp => sp.GetRequiredService<MemoryProviders>().Storage);
        services.TryAddSingleton<IStreamProvider>(sp => sp.GetRequiredService<MemoryProviders>().Streams);
        services.TryAddSingleton<IMembershipTable>(sp => sp.GetRequiredService<MemoryProviders>().Membership);
        services.TryAddSingleton<ISharedSecretStore>(sp => sp.GetRequiredService<MemoryProviders>().Secrets);
        return services;
    }
}
