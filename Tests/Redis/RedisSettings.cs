namespace OrleansChat.Tests.Redis;

/// <summary>The settings that put a WebFront (or any silo) on a test's Redis, as its own cluster.</summary>
internal static class RedisSettings
{
    public static Dictionary<string, string?> For(string connectionString, string prefix, bool fastMembership = true)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Cluster:Provider"] = "Redis",
            ["ConnectionStrings:Redis"] = connectionString,
            ["Redis:KeyPrefix"] = prefix,
        };
        if (fastMembership)
        {
            settings["Membership:HeartbeatPeriod"] = "00:00:00.200";
            settings["Membership:DeadAfter"] = "00:00:01";
        }
        return settings;
    }
}
