using System.ComponentModel.DataAnnotations;

namespace OrleansChat.Runtime.Hosting;

/// <summary>Which providers the silo uses and how much of each log is kept (section <c>Cluster</c>).</summary>
public sealed class ClusterOptions
{
    public const string SectionName = "Cluster";
    public const string MemoryProvider = "Memory";
    public const string RedisProvider = "Redis";
    public const int DefaultLogRetention = 10_000;

    /// <summary><c>Memory</c> (one process, the default) or <c>Redis</c> (several silos sharing one Redis).</summary>
    [RegularExpression("^(Memory|Redis)$", ErrorMessage = "Cluster:Provider must be Memory or Redis.")]
    public string Provider { get; set; } = MemoryProvider;

    /// <summary>How many of its most recent events each grain's log keeps.</summary>
    [Range(1, 10_000_000)]
    public int LogRetention { get; set; } = DefaultLogRetention;
}
