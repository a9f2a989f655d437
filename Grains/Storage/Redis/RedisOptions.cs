namespace OrleansChat.Grains.Storage.Redis;

/// <summary>The Redis provider's settings (section <c>Redis</c>; the address is <c>ConnectionStrings:Redis</c>).</summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    public const string ConnectionStringName = "Redis";

    public const string DefaultKeyPrefix = "chat";

    public static readonly TimeSpan DefaultOperationTimeout = TimeSpan.FromSeconds(2);

    /// <summary>First part of every key of ours; clusters sharing one Redis need different ones.</summary>
    public string KeyPrefix { get; set; } = DefaultKeyPrefix;

    /// <summary>Longest any Redis call may take; past it the command answers <c>unavailable</c>.</summary>
    public TimeSpan OperationTimeout { get; set; } = DefaultOperationTimeout;
}
