namespace OrleansChat.Runtime;

/// <summary>Hands out references to grains; the first call on a reference activates the grain in this silo.</summary>
public interface IGrainFactory
{
    /// <summary>A reference to the grain of type <typeparamref name="TGrainInterface"/> with the given key.</summary>
    TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : class, IGrainWithStringKey;
}
