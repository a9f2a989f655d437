using OrleansChat.Protocol;

namespace OrleansChat.Bench.Peers.SignalR.Rooms;

/// <summary>One room's mutable state; guarded by locking the instance.</summary>
public sealed class PeerRoom
{
    public long Seq { get; set; }

    public Dictionary<string, HashSet<string>> Members { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ChatUser> Users { get; } = new(StringComparer.Ordinal);
}
