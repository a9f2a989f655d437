using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OrleansChat.Grains;

namespace OrleansChat.WebFront.Identity;

/// <summary>
/// The token key: from configuration when set, else the cluster's secret <c>token-key</c> (an <see cref="ISecretGrain"/>),
/// which the first front end to ask creates. Read once; a failed read (store away) is tried again on the next connection.
/// </summary>
internal sealed class TokenKeyProvider(IOptions<IdentityOptions> options, IGrainFactory grains)
{
    public const string SecretName = "token-key";
    private const int GeneratedKeyBytes = 32;

    private readonly Lock _lock = new();
    private Task<byte[]>? _key;

    public Task<byte[]> GetKeyAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_key is null || _key.IsFaulted || _key.IsCanceled)
            {
                _key = LoadAsync(cancellationToken);
            }
            return _key;
        }
    }

    private async Task<byte[]> LoadAsync(CancellationToken cancellationToken)
    {
        if (options.Value.TokenSecret is { Length: > 0 } secret)
        {
            return Encoding.UTF8.GetBytes(secret);
        }
        return await grains.GetGrain<ISecretGrain>(SecretName).GetOrAddAsync(RandomNumberGenerator.GetBytes(GeneratedKeyBytes)).WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
