using OrleansChat.Runtime.Membership;

namespace OrleansChat.Runtime.Memory;

/// <summary>The membership table in this process's memory, on the given clock; shared by the silos of a test cluster.</summary>
public sealed class MemoryMembershipTable(TimeProvider timeProvider) : IMembershipTable
{
    private readonly Dictionary<string, SiloEntry> _silos = [];
    private readonly Dictionary<string, (string Reaper, DateTimeOffset Until)> _claims = [];
    private readonly Lock _lock = new();

    public Task<DateTimeOffset> GetTimeAsync(CancellationToken cancellationToken = default) => Task.FromResult(timeProvider.GetUtcNow());

    public Task RegisterAsync(string siloId, string address, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        lock (_lock)
        {
            _silos[siloId] = new SiloEntry(siloId, address, SiloStatus.Active, now, now);
        }
        return Task.CompletedTask;
    }

    public Task HeartbeatAsync(string siloId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_silos.TryGetValue(siloId, out var entry))
            {
                _silos[siloId] = entry with { Heartbeat = timeProvider.GetUtcNow() };
            }
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SiloEntry>> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<SiloEntry>>(_silos.Values.OrderBy(s => s.StartedAt).ThenBy(s => s.SiloId, StringComparer.Ordinal).ToList());
        }
    }

    public Task<bool> TryClaimReapAsync(string deadSiloId, string reaperSiloId, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        lock (_lock)
        {
            if (_claims.TryGetValue(deadSiloId, out var claim) && claim.Until > now && claim.Reaper != reaperSiloId)
            {
                return Task.FromResult(false);
            }
            _claims[deadSiloId] = (reaperSiloId, now + lease);
            return Task.FromResult(true);
        }
    }

    public Task SetStatusAsync(string siloId, SiloStatus status, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_silos.TryGetValue(siloId, out var entry))
            {
                _silos[siloId] = entry with { Status = status };
            }
        }
        return Task.CompletedTask;
    }
}
