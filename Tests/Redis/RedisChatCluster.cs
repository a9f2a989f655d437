using OrleansChat.Runtime.Testing;
using OrleansChat.Silo.Hosting;

namespace OrleansChat.Tests.Redis;

/// <summary>
/// Test clusters of chat silos wired by <c>AddChatSilo</c> with <c>Cluster:Provider=Redis</c>: every silo has its
/// own multiplexer, as separate processes would, and they meet only in Redis (under a key prefix of their own).
/// </summary>
internal static class RedisChatCluster
{
    public static async Task<TestCluster> StartAsync(string connectionString, int silos, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Cluster:Provider"] = "Redis",
            ["ConnectionStrings:Redis"] = connectionString,
            ["Redis:KeyPrefix"] = RedisFixture.NewPrefix(),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        var cluster = new TestCluster((services, configuration) => services.AddChatSilo(configuration), settings: all);
        await cluster.DeployAsync(silos);
        return cluster;
    }
}
