using OrleansChat.Runtime.Redis.Connection;
using OrleansChat.Runtime.Secrets;

namespace OrleansChat.Runtime.Redis.Secrets;

/// <summary>Shared secrets in Redis: the first silo to ask stores its candidate (SET NX), every silo reads the stored one.</summary>
public sealed class RedisSharedSecretStore(RedisConnection connection) : ISharedSecretStore
{
    public Task<byte[]> GetOrAddAsync(string name, byte[] candidate, CancellationToken cancellationToken = default) =>
        connection.ExecuteAsync("shared secret", async db =>
            (byte[])(await db.ScriptEvaluateAsync(RedisScripts.GetOrAddSecret, [connection.Keys.Secret(name)], [candidate]).ConfigureAwait(false))!,
            cancellationToken);
}
