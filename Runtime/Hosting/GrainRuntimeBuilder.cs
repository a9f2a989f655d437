using Microsoft.Extensions.DependencyInjection;
using OrleansChat.Runtime.Activation;

namespace OrleansChat.Runtime.Hosting;

/// <summary>Registers grain classes with the runtime that <see cref="GrainRuntimeServiceCollectionExtensions.AddGrainRuntime"/> added.</summary>
public sealed class GrainRuntimeBuilder(IServiceCollection services, GrainTypeRegistry registry)
{
    public IServiceCollection Services { get; } = services;

    /// <summary>Registers <typeparamref name="TGrain"/> for <typeparamref name="TInterface"/>, its state stored under <paramref name="typeName"/>.</summary>
    public GrainRuntimeBuilder AddGrain<TInterface, TGrain>(string typeName)
        where TInterface : IGrainWithStringKey
        where TGrain : Grain, TInterface
    {
        registry.Add<TInterface, TGrain>(typeName);
        return this;
    }
}
