namespace OrleansChat.Grains.Storage.Redis;

/// <summary>
/// Every Redis key of ours. A room's keys share the hash tag <c>{room}</c>, so they live in one slot of a Redis
/// Cluster (one script touches both) and rooms spread over the cluster's nodes. Orleans' own providers (membership,
/// grain state) name their keys themselves, under the cluster's service id.
/// </summary>
public sealed class RedisKeys(string prefix)
{
    /// <summary>A hash: <c>seq</c> (where the log ends) and <c>presence</c> (JSON).</summary>
    public string RoomHead(string room) => $"{prefix}:room:{{{room}}}:head";

    /// <summary>A stream: one entry per event, id <c>&lt;seq&gt;-0</c>, field <c>e</c> (the event's JSON).</summary>
    public string RoomLog(string room) => $"{prefix}:room:{{{room}}}:log";
}
