using System.Reflection;

namespace OrleansChat.Runtime.Activation;

/// <summary>Creates grain references: proxies whose every call is queued to the grain's activation in this silo.</summary>
internal sealed class GrainFactory(GrainTypeRegistry registry, ActivationCatalog catalog) : IGrainFactory
{
    public TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : class, IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(key);
        var reference = DispatchProxy.Create<TGrainInterface, GrainReference>();
        ((GrainReference)(object)reference).Bind(catalog, new GrainId(registry.GetTypeName(typeof(TGrainInterface)), key));
        return reference;
    }
}
