using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Hosting;
using OrleansChat.Runtime.Redis.Connection;
using OrleansChat.Runtime.Redis.Hosting;
using OrleansChat.Runtime.Redis.Membership;
using OrleansChat.Runtime.Redis.Secrets;
using OrleansChat.Runtime.Redis.Storage;
using OrleansChat.Runtime.Redis.Streams;
using OrleansChat.Tests.Redis;

namespace OrleansChat.Tests.Contracts;

/// <summary>The provider contract on the Redis providers, against a real redis-server.</summary>
[Trait("Category", "Integration")]
[Collection(RedisCollection.Name)]
public sealed class RedisProviderContractTests(RedisFixture redis) : ProviderContractTests
{
    protected override Task<ProviderSet> CreateAsync(int logRetention = 1000)
    {
        var connection = new RedisConnection(
            Options.Create(new RedisOptions { ConnectionString = redis.ConnectionString, KeyPrefix = RedisFixture.NewPrefix() }),
            NullLogger<RedisConnection>.Instance);
        var streams = new RedisStreamProvider(connection, NullLogger<RedisStreamProvider>.Instance);
        return Task.FromResult(new ProviderSet(
            new RedisGrainStorage(connection, Options.Create(new ClusterOptions { LogRetention = logRetention })),
            streams,
            new RedisMembershipTable(connection),
            new RedisSharedSecretStore(connection),
            new Owner(connection, streams)));
    }

    private sealed class Owner(RedisConnection connection, RedisStreamProvider streams) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            streams.Dispose();
            await connection.DisposeAsync();
        }
    }
}
