using StackExchange.Redis;

namespace OrleansChat.Runtime.Redis.Connection;

/// <summary>
/// Every Redis key and channel name of the cluster. A grain's keys share the hash tag <c>{type:key}</c>,
/// so that one commit script touches one slot and grains shard across a Redis Cluster; the membership
/// keys share <c>{membership}</c> for the same reason.
/// </summary>
public sealed class RedisKeys(string prefix)
{
    /// <summary>The prefix every key and channel starts with.</summary>
    public string Prefix { get; } = prefix;

    /// <summary>The grain's serialized state.</summary>
    public RedisKey State(GrainId grainId) => Grain(grainId, "state");

    /// <summary>The grain's state version, raised by every version-checked commit.</summary>
    public RedisKey Version(GrainId grainId) => Grain(grainId, "version");

    /// <summary>The grain's last assigned seq.</summary>
    public RedisKey Seq(GrainId grainId) => Grain(grainId, "seq");

    /// <summary>The grain's event log: a Redis stream whose entry ids are <c>&lt;seq&gt;-0</c>.</summary>
    public RedisKey Log(GrainId grainId) => Grain(grainId, "log");

    /// <summary>The pub/sub channel on which the grain's committed events are published.</summary>
    public RedisChannel Events(GrainId grainId) => new($"{Prefix}:{{{grainId.Type}:{grainId.Key}}}:events", RedisChannel.PatternMode.Literal);

    /// <summary>The set of keys of every grain of a type that has committed anything.</summary>
    public RedisKey Index(string grainType) => $"{Prefix}:index:{grainType}";

    /// <summary>Hash: silo id to status.</summary>
    public RedisKey SiloStatus => $"{Prefix}:{{membership}}:status";

    /// <summary>Hash: silo id to address.</summary>
    public RedisKey SiloAddress => $"{Prefix}:{{membership}}:address";

    /// <summary>Hash: silo id to start time (Redis clock, Unix ms).</summary>
    public RedisKey SiloStarted => $"{Prefix}:{{membership}}:started";

    /// <summary>Hash: silo id to last heartbeat (Redis clock, Unix ms).</summary>
    public RedisKey SiloHeartbeat => $"{Prefix}:{{membership}}:heartbeat";

    /// <summary>The lock that names the one silo reaping a dead silo.</summary>
    public RedisKey ReapClaim(string deadSiloId) => $"{Prefix}:{{membership}}:reap:{deadSiloId}";

    /// <summary>A secret that every silo of the cluster shares.</summary>
    public RedisKey Secret(string name) => $"{Prefix}:secret:{name}";

    private RedisKey Grain(GrainId grainId, string part) => $"{Prefix}:{{{grainId.Type}:{grainId.Key}}}:{part}";
}
