using System.ComponentModel.DataAnnotations;

namespace OrleansChat.Runtime.Redis.Hosting;

/// <summary>
/// How a silo reaches Redis (section <c>Redis</c>; the endpoint itself comes from <c>ConnectionStrings:Redis</c>).
/// Every call is bounded by <see cref="OperationTimeout"/>: a Redis that is away turns into an
/// "unavailable" answer within that time, never into a hang.
/// </summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";
    public const string ConnectionStringName = "Redis";
    public const string DefaultKeyPrefix = "chat";
    public static readonly TimeSpan DefaultOperationTimeout = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan DefaultReconnectInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>localhost:6379</c>; bound from <c>ConnectionStrings:Redis</c>.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "ConnectionStrings:Redis must name the Redis server when Cluster:Provider is Redis.")]
    public string ConnectionString { get; set; } = "";

    /// <summary>The first part of every key and channel; clusters that share one Redis need different prefixes.</summary>
    [RegularExpression("^[A-Za-z0-9_.-]{1,64}$", ErrorMessage = "Redis:KeyPrefix must be 1 to 64 letters, digits, '_', '.' or '-'.")]
    public string KeyPrefix { get; set; } = DefaultKeyPrefix;

    /// <summary>The longest any Redis call may take before it fails as unavailable.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan OperationTimeout { get; set; } = DefaultOperationTimeout;

    /// <summary>How long one connection attempt may take.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan ConnectTimeout { get; set; } = DefaultConnectTimeout;

    /// <summary>The pause between reconnection attempts while Redis is away.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan ReconnectInterval { get; set; } = DefaultReconnectInterval;
}
