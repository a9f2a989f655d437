using Orleans.Configuration;

namespace OrleansChat.Silo.Hosting;

/// <summary>Which providers the cluster runs on and what it is called (section <c>Cluster</c>).</summary>
public sealed class ChatClusterOptions
{
    public const string SectionName = "Cluster";

    public const string MemoryProvider = "Memory";

    public const string RedisProvider = "Redis";

    public const string DefaultId = "orleanschat";

    /// <summary><c>Memory</c>: one process, nothing outside it. <c>Redis</c>: silos meet and keep their state in Redis.</summary>
    public string Provider { get; set; } = MemoryProvider;

    /// <summary>Orleans' cluster id: silos with the same one form a cluster.</summary>
    public string ClusterId { get; set; } = DefaultId;

    /// <summary>Orleans' service id: stays the same across deployments of this service (grain state is keyed by it).</summary>
    public string ServiceId { get; set; } = DefaultId;

    /// <summary>Gives Orleans this cluster's ids (silos and clients alike).</summary>
    public void ApplyTo(ClusterOptions options)
    {
        options.ClusterId = ClusterId;
        options.ServiceId = ServiceId;
    }

    public bool IsRedis => string.Equals(Provider, RedisProvider, StringComparison.OrdinalIgnoreCase);

    public bool IsMemory => string.Equals(Provider, MemoryProvider, StringComparison.OrdinalIgnoreCase);
}
