using OrleansChat.Grains.Storage;

namespace OrleansChat.Grains.Secrets;

/// <summary>A cluster-wide secret: the first candidate offered is stored and everyone gets it from then on.</summary>
[GrainType("secret")]
internal sealed class SecretGrain([PersistentState("secret", ChatStorage.Name)] IPersistentState<SecretState> state) : Grain, ISecretGrain
{
    public async Task<byte[]> GetOrAddAsync(byte[] candidate)
    {
        if (!state.RecordExists)
        {
            state.State.Value = candidate;
            await state.WriteOrUnavailableAsync();
        }
        return state.State.Value;
    }
}
