namespace OrleansChat.Runtime.Activation;

/// <summary>Which grain class implements which grain interface, and the type name under which its state is stored.</summary>
public sealed class GrainTypeRegistry
{
    private readonly Dictionary<Type, string> _typeNames = [];
    private readonly Dictionary<string, Type> _implementations = [];

    /// <summary>Registers <typeparamref name="TGrain"/> as the implementation of <typeparamref name="TInterface"/>.</summary>
    public void Add<TInterface, TGrain>(string typeName)
        where TInterface : IGrainWithStringKey
        where TGrain : Grain, TInterface
    {
        _typeNames[typeof(TInterface)] = typeName;
        _implementations[typeName] = typeof(TGrain);
    }

    /// <summary>The stored type name of a grain interface.</summary>
    public string GetTypeName(Type grainInterface) =>
        _typeNames.TryGetValue(grainInterface, out var name)
            ? name
            : throw new InvalidOperationException($"No grain class is registered for {grainInterface.Name}.");

    internal Type GetImplementation(string typeName) =>
        _implementations.TryGetValue(typeName, out var type)
            ? type
            : throw new InvalidOperationException($"No grain class is registered for the type '{typeName}'.");
}
