namespace OrleansChat.Grains;

/// <summary>A cluster-wide secret (key: its name), created once by whichever front end asks first.</summary>
[Alias("secret")]
public interface ISecretGrain : IGrainWithStringKey
{
    /// <summary>The stored secret; <paramref name="candidate"/> becomes it when none is stored yet.</summary>
    [Alias("get-or-add")]
    Task<byte[]> GetOrAddAsync(byte[] candidate);
}
