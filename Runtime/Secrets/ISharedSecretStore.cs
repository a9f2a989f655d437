namespace OrleansChat.Runtime.Secrets;

/// <summary>Secrets every silo of the cluster must agree on (the identity-token key), created once by whichever silo asks first.</summary>
public interface ISharedSecretStore
{
    /// <summary>The secret stored under <paramref name="name"/>; when there is none yet, <paramref name="candidate"/> is stored and returned.</summary>
    Task<byte[]> GetOrAddAsync(string name, byte[] candidate, CancellationToken cancellationToken = default);
}
