using OrleansChat.Tests.Support;

namespace OrleansChat.Tests.Redis;

/// <summary>
/// Test clusters of chat silos wired by <c>AddChatSilo</c> with <c>Cluster:Provider=Redis</c>: every silo has its own
/// multiplexer, as separate processes would, and keeps grain state, pub-sub and the room logs in Redis under keys
/// of this cluster's own (its service id and a key prefix).
/// </summary>
internal static class RedisChatCluster
{
    public static Task<ChatTestCluster> StartAsync(string connectionString, int silos, IReadOnlyDictionary<string, string?>? settings = null)
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
        return ChatTestCluster.StartAsync(silos, all);
    }
}
