using System.Reflection;

namespace OrleansChat.Runtime.Activation;

/// <summary>
/// The proxy behind a grain interface. It holds only the grain id; each call resolves the activation,
/// so a reference stays valid across idle collection.
/// </summary>
#pragma warning disable CA1852 // DispatchProxy derives a runtime type from this class.
internal class GrainReference : DispatchProxy
#pragma warning restore CA1852
{
    private ActivationCatalog? _catalog;

    public GrainId GrainId { get; private set; }

    internal void Bind(ActivationCatalog catalog, GrainId grainId)
    {
        _catalog = catalog;
        GrainId = grainId;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        return GrainMethodInvoker.For(targetMethod).Invoke(_catalog!, GrainId, args);
    }
}
