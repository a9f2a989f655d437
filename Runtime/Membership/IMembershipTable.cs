namespace OrleansChat.Runtime.Membership;

/// <summary>The cluster's shared list of silos with their heartbeats, and the lock that elects one reaper per dead silo.</summary>
public interface IMembershipTable
{
    /// <summary>The table's own clock, against which heartbeats are stamped and judged.</summary>
    Task<DateTimeOffset> GetTimeAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds this silo as active with a fresh heartbeat.</summary>
    Task RegisterAsync(string siloId, string address, CancellationToken cancellationToken = default);

    /// <summary>Stamps the silo's heartbeat with the table's clock.</summary>
    Task HeartbeatAsync(string siloId, CancellationToken cancellationToken = default);

    /// <summary>Every silo the table knows.</summary>
    Task<IReadOnlyList<SiloEntry>> ReadAllAsync(CancellationToken cancellationToken = default);

    /// <summary>Tries to become the one silo that reaps <paramref name="deadSiloId"/>; the claim lapses after <paramref name="lease"/>.</summary>
    Task<bool> TryClaimReapAsync(string deadSiloId, string reaperSiloId, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Sets a silo's status (dead once reaped, left after a graceful stop).</summary>
    Task SetStatusAsync(string siloId, SiloStatus status, CancellationToken cancellationToken = default);
}
