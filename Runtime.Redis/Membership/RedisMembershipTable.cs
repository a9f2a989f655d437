using System.Globalization;
using OrleansChat.Runtime.Membership;
using OrleansChat.Runtime.Redis.Connection;
using StackExchange.Redis;

namespace OrleansChat.Runtime.Redis.Membership;

/// <summary>
/// The membership table in four Redis hashes (status, address, start time and heartbeat per silo id) under the
/// hash tag <c>{membership}</c>. Every time is Redis' own clock (<c>TIME</c>), so silos on machines whose clocks
/// disagree still judge silence alike. The reap claim is a key set with NX and a lease (PX).
/// </summary>
public sealed class RedisMembershipTable(RedisConnection connection) : IMembershipTable
{
    /// <summary>How long a dead or left silo stays listed before the table forgets it.</summary>
    public static readonly TimeSpan GoneRetention = TimeSpan.FromHours(1);

    private readonly RedisKeys _keys = connection.Keys;

    public Task<DateTimeOffset> GetTimeAsync(CancellationToken cancellationToken = default) =>
        connection.ExecuteAsync("time", async db =>
            DateTimeOffset.FromUnixTimeMilliseconds((long)await db.ScriptEvaluateAsync(RedisScripts.Time).ConfigureAwait(false)), cancellationToken);

    public Task RegisterAsync(string siloId, string address, CancellationToken cancellationToken = default) =>
        connection.ExecuteAsync("register silo", db => db.ScriptEvaluateAsync(
            RedisScripts.Register, [_keys.SiloStatus, _keys.SiloAddress, _keys.SiloStarted, _keys.SiloHeartbeat], [siloId, address]), cancellationToken);

    public Task HeartbeatAsync(string siloId, CancellationToken cancellationToken = default) =>
        connection.ExecuteAsync("heartbeat", db => db.ScriptEvaluateAsync(
            RedisScripts.Heartbeat, [_keys.SiloStatus, _keys.SiloHeartbeat], [siloId]), cancellationToken);

    public Task<IReadOnlyList<SiloEntry>> ReadAllAsync(CancellationToken cancellationToken = default) =>
        connection.ExecuteAsync("read silos", async db =>
        {
            var result = (RedisResult[])(await db.ScriptEvaluateAsync(
                RedisScripts.ReadSilos,
                [_keys.SiloStatus, _keys.SiloAddress, _keys.SiloStarted, _keys.SiloHeartbeat],
                [(long)GoneRetention.TotalMilliseconds]).ConfigureAwait(false))!;
            var statuses = ToDictionary(result[0]);
            var addresses = ToDictionary(result[1]);
            var started = ToDictionary(result[2]);
            var heartbeats = ToDictionary(result[3]);
            var entries = new List<SiloEntry>(statuses.Count);
            foreach (var (id, status) in statuses)
            {
                entries.Add(new SiloEntry(
                    id,
                    addresses.GetValueOrDefault(id, ""),
                    Enum.TryParse<SiloStatus>(status, out var parsed) ? parsed : SiloStatus.Dead,
                    ToTime(started.GetValueOrDefault(id)),
                    ToTime(heartbeats.GetValueOrDefault(id))));
            }
            entries.Sort((a, b) => a.StartedAt != b.StartedAt ? a.StartedAt.CompareTo(b.StartedAt) : string.CompareOrdinal(a.SiloId, b.SiloId));
            return (IReadOnlyList<SiloEntry>)entries;
        }, cancellationToken);

    public Task<bool> TryClaimReapAsync(string deadSiloId, string reaperSiloId, TimeSpan lease, CancellationToken cancellationToken = default) =>
        connection.ExecuteAsync("claim reap", async db =>
            (long)await db.ScriptEvaluateAsync(
                RedisScripts.ClaimReap, [_keys.ReapClaim(deadSiloId)], [reaperSiloId, (long)Math.Ceiling(lease.TotalMilliseconds)]).ConfigureAwait(false) == 1,
            cancellationToken);

    public Task SetStatusAsync(string siloId, SiloStatus status, CancellationToken cancellationToken = default) =>
        connection.ExecuteAsync("set silo status", db => db.ScriptEvaluateAsync(
            RedisScripts.SetStatus, [_keys.SiloStatus], [siloId, status.ToString()]), cancellationToken);

    private static Dictionary<string, string> ToDictionary(RedisResult flat)
    {
        var items = (RedisResult[])flat!;
        var dictionary = new Dictionary<string, string>(items.Length / 2, StringComparer.Ordinal);
        for (var i = 0; i + 1 < items.Length; i += 2)
        {
            dictionary[(string)items[i]!] = (string)items[i + 1]!;
        }
        return dictionary;
    }

    private static DateTimeOffset ToTime(string? milliseconds) =>
        long.TryParse(milliseconds, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? DateTimeOffset.FromUnixTimeMilliseconds(value)
            : DateTimeOffset.UnixEpoch;
}
