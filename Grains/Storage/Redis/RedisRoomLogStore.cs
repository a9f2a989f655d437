using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OrleansChat.Grains.Rooms;
using OrleansChat.Protocol;
using StackExchange.Redis;

namespace OrleansChat.Grains.Storage.Redis;

/// <summary>
/// Rooms' logs in Redis: a stream per room whose entry ids are the seqs (<c>XADD</c> with the explicit id
/// <c>&lt;seq&gt;-0</c>, trimmed to the retention) and a hash with the head. A commit is one script that checks the
/// expected seq, so it is atomic and a stale activation cannot fork the room.
/// </summary>
public sealed class RedisRoomLogStore(IConnectionMultiplexer redis, IOptions<RedisOptions> redisOptions, IOptions<RoomLogOptions> logOptions) : IRoomLogStore, IStoreHealth
{
    private const string EventField = "e";
    private const string SeqField = "seq";
    private const string PresenceField = "presence";
    private const string ConflictError = "CONFLICT";

    // KEYS: head, log. ARGV: expected seq, retention, presence JSON ('' = unchanged), then the events' JSON in seq order.
    private const string AppendScript = """
        local seq = tonumber(redis.call('HGET', KEYS[1], 'seq') or '0')
        if seq ~= tonumber(ARGV[1]) then
          return redis.error_reply('CONFLICT log ends at ' .. seq)
        end
        for i = 4, #ARGV do
          seq = seq + 1
          redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[2], seq .. '-0', 'e', ARGV[i])
        end
        if ARGV[3] ~= '' then
          redis.call('HSET', KEYS[1], 'seq', seq, 'presence', ARGV[3])
        else
          redis.call('HSET', KEYS[1], 'seq', seq)
        end
        return seq
        """;

    private readonly RedisKeys _keys = new(redisOptions.Value.KeyPrefix);
    private readonly int _retention = logOptions.Value.LogRetention;

    private IDatabase Database => redis.GetDatabase();

    public async Task<RoomHead> ReadHeadAsync(string room, CancellationToken cancellationToken = default)
    {
        var fields = await Guard(Database.HashGetAsync(_keys.RoomHead(room), [SeqField, PresenceField])).ConfigureAwait(false);
        var seq = fields[0].IsNull ? 0 : (long)fields[0];
        var presence = fields[1].IsNull ? RoomPresence.Empty : JsonSerializer.Deserialize((string)fields[1]!, StorageJsonContext.Default.RoomPresence)!;
        return new RoomHead(seq, presence);
    }

    public async Task AppendAsync(string room, RoomAppend append, CancellationToken cancellationToken = default)
    {
        var values = new RedisValue[3 + append.Events.Count];
        values[0] = append.ExpectedSeq;
        values[1] = _retention;
        values[2] = append.Presence is null ? "" : JsonSerializer.Serialize(append.Presence, StorageJsonContext.Default.RoomPresence);
        for (var i = 0; i < append.Events.Count; i++)
        {
            values[3 + i] = JsonSerializer.SerializeToUtf8Bytes(append.Events[i], ProtocolJsonContext.Default.RoomEvent);
        }
        try
        {
            await Guard(Database.ScriptEvaluateAsync(AppendScript, [_keys.RoomHead(room), _keys.RoomLog(room)], values)).ConfigureAwait(false);
        }
        catch (RedisServerException exception) when (exception.Message.StartsWith(ConflictError, StringComparison.Ordinal))
        {
            throw new RoomLogConflictException(room, append.ExpectedSeq);
        }
    }

    public async Task<IReadOnlyList<RoomEvent>> ReadAfterAsync(string room, long after, long upTo, int limit, CancellationToken cancellationToken = default)
    {
        if (upTo <= after || limit <= 0)
        {
            return [];
        }
        var entries = await Guard(Database.StreamRangeAsync(_keys.RoomLog(room), IdOf(after + 1), IdOf(upTo), limit, Order.Ascending)).ConfigureAwait(false);
        return Decode(entries, reverse: false);
    }

    public async Task<IReadOnlyList<RoomEvent>> ReadBeforeAsync(string room, long before, int limit, CancellationToken cancellationToken = default)
    {
        if (before <= 1 || limit <= 0)
        {
            return [];
        }
        var maxId = before == long.MaxValue ? (RedisValue)"+" : IdOf(before - 1);
        var entries = await Guard(Database.StreamRangeAsync(_keys.RoomLog(room), "-", maxId, limit, Order.Descending)).ConfigureAwait(false);
        return Decode(entries, reverse: true);
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await Database.PingAsync().ConfigureAwait(false);
            return true;
        }
        catch (RedisException)
        {
            return false;
        }
    }

    private static RedisValue IdOf(long seq) => seq.ToString(CultureInfo.InvariantCulture) + "-0";

    private static RoomEvent[] Decode(StreamEntry[] entries, bool reverse)
    {
        var events = new RoomEvent[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            var json = (byte[])entries[i][EventField]!;
            events[reverse ? entries.Length - 1 - i : i] = JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.RoomEvent)!;
        }
        return events;
    }

    /// <summary>Redis away (connection, timeout, or loading its data after a restart) is the store being unavailable.</summary>
    private static async Task<T> Guard<T>(Task<T> operation)
    {
        try
        {
            return await operation.ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is RedisConnectionException or RedisTimeoutException
            || exception is RedisServerException && !exception.Message.StartsWith(ConflictError, StringComparison.Ordinal))
        {
            throw new StoreUnavailableException("Redis cannot be reached: " + exception.Message, exception);
        }
    }
}
