using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Hosting;
using OrleansChat.Runtime.Redis.Connection;
using OrleansChat.Runtime.Storage;
using StackExchange.Redis;

namespace OrleansChat.Runtime.Redis.Storage;

/// <summary>
/// Grain state and logs in Redis. Per grain: a state key, a version counter, a seq counter and a stream
/// (entry ids <c>&lt;seq&gt;-0</c>, trimmed to <see cref="ClusterOptions.LogRetention"/>), all under the hash
/// tag <c>{type:key}</c>. A commit is one Lua script: check the version, store the state, take the next
/// seqs, append, trim and publish, so no other silo ever sees half of it.
/// </summary>
public sealed class RedisGrainStorage : IGrainStorage
{
    private static readonly RedisValue NoExpectedVersion = "";
    private static readonly RedisValue NoState = "";

    private readonly RedisConnection _connection;
    private readonly RedisKeys _keys;
    private readonly RedisValue _retention;
    // Grains this silo has put in the index: appends (the hot path) skip the index write after the first.
    private readonly ConcurrentDictionary<GrainId, byte> _indexed = new();

    public RedisGrainStorage(RedisConnection connection, IOptions<ClusterOptions> options)
    {
        _connection = connection;
        _keys = connection.Keys;
        _retention = options.Value.LogRetention;
        // After a reconnect Redis may be a restarted one: write the index entries again.
        connection.Restored += _ => _indexed.Clear();
    }

    public Task<GrainSnapshot> ReadAsync(GrainId grainId, CancellationToken cancellationToken = default) =>
        _connection.ExecuteAsync("read", async db =>
        {
            var values = await db.StringGetAsync([_keys.State(grainId), _keys.Version(grainId), _keys.Seq(grainId)]).ConfigureAwait(false);
            return values[0].IsNull && values[1].IsNull && values[2].IsNull
                ? GrainSnapshot.Empty
                : new GrainSnapshot(values[0].IsNull ? null : (byte[]?)values[0], ToLong(values[1]), ToLong(values[2]));
        }, cancellationToken);

    public Task<CommitResult> CommitAsync(GrainId grainId, CommitRequest request, CancellationToken cancellationToken = default)
    {
        RedisKey[] keys = [_keys.State(grainId), _keys.Version(grainId), _keys.Seq(grainId), _keys.Log(grainId)];
        var args = new RedisValue[4 + request.Events.Count];
        args[0] = request.ExpectedVersion is { } expected ? expected : NoExpectedVersion;
        args[1] = request.State is { } state ? state : NoState;
        args[2] = _retention;
        args[3] = (string)_keys.Events(grainId)!;
        for (var i = 0; i < request.Events.Count; i++)
        {
            args[4 + i] = request.Events[i];
        }
        // The index lives outside the grain's hash tag, so it cannot be in the script; it is written first,
        // on the same connection, so it is never behind a commit that Redis has done.
        var index = request.ExpectedVersion is not null || _indexed.TryAdd(grainId, 0);
        return _connection.ExecuteAsync("commit", async db =>
        {
            if (index)
            {
                _ = db.SetAddAsync(_keys.Index(grainId.Type), grainId.Key, CommandFlags.FireAndForget);
            }
            var result = (RedisResult[])(await db.ScriptEvaluateAsync(RedisScripts.Commit, keys, args).ConfigureAwait(false))!;
            var conflict = (long)result[0] == 1;
            return conflict
                ? CommitResult.VersionConflict((long)result[1])
                : new CommitResult(false, (long)result[1], (long)result[2]);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<LoggedEvent>> ReadEventsAfterAsync(GrainId grainId, long afterSeq, int limit, CancellationToken cancellationToken = default)
    {
        if (limit <= 0)
        {
            return Task.FromResult<IReadOnlyList<LoggedEvent>>([]);
        }
        var from = EntryId(Math.Max(afterSeq, 0) + 1);
        return _connection.ExecuteAsync("read events after", async db =>
        {
            var entries = await db.ScriptEvaluateAsync(RedisScripts.ReadAfter, [_keys.Log(grainId)], [from, limit]).ConfigureAwait(false);
            return (IReadOnlyList<LoggedEvent>)ToEvents(entries, newestFirst: false);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<LoggedEvent>> ReadEventsBeforeAsync(GrainId grainId, long beforeSeq, int limit, CancellationToken cancellationToken = default)
    {
        if (limit <= 0 || beforeSeq <= 1)
        {
            return Task.FromResult<IReadOnlyList<LoggedEvent>>([]);
        }
        var to = beforeSeq == long.MaxValue ? (RedisValue)"+" : EntryId(beforeSeq - 1);
        return _connection.ExecuteAsync("read events before", async db =>
        {
            var entries = await db.ScriptEvaluateAsync(RedisScripts.ReadBefore, [_keys.Log(grainId)], [to, limit]).ConfigureAwait(false);
            return (IReadOnlyList<LoggedEvent>)ToEvents(entries, newestFirst: true);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<string>> ListKeysAsync(string grainType, CancellationToken cancellationToken = default) =>
        _connection.ExecuteAsync("list keys", async db =>
        {
            var members = await db.SetMembersAsync(_keys.Index(grainType)).ConfigureAwait(false);
            var keys = new List<string>(members.Length);
            foreach (var member in members)
            {
                keys.Add((string)member!);
            }
            keys.Sort(StringComparer.Ordinal);
            return (IReadOnlyList<string>)keys;
        }, cancellationToken);

    public async Task<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _connection.ExecuteAsync("ping", db => db.PingAsync(), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (StoreUnavailableException)
        {
            return false;
        }
    }

    private static RedisValue EntryId(long seq) => string.Create(CultureInfo.InvariantCulture, $"{seq}-0");

    private static long ToLong(RedisValue value) => value.IsNull ? 0 : (long)value;

    /// <summary>Stream entries as Lua hands them back: {{id, {field, value}}, ...}.</summary>
    private static LoggedEvent[] ToEvents(RedisResult entries, bool newestFirst)
    {
        var list = (RedisResult[])entries!;
        var events = new LoggedEvent[list.Length];
        for (var i = 0; i < list.Length; i++)
        {
            var entry = (RedisResult[])list[i]!;
            var id = (string)entry[0]!;
            var seq = long.Parse(id.AsSpan(0, id.IndexOf('-', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
            var fields = (RedisResult[])entry[1]!;
            events[newestFirst ? list.Length - 1 - i : i] = new LoggedEvent(seq, (byte[])fields[1]!);
        }
        return events;
    }
}
