namespace OrleansChat.Runtime.Redis.Connection;

/// <summary>
/// The Lua scripts of the providers. StackExchange.Redis 1.2.6 has no stream commands, so streams are read
/// and written here; every script touches keys of one hash tag only, so each runs on one Redis Cluster slot.
/// The client loads each script once per server and calls it by its SHA from then on.
/// </summary>
internal static class RedisScripts
{
    /// <summary>
    /// One atomic commit. KEYS: state, version, seq, log. ARGV: expected version ('' for none), new state,
    /// retention, channel, then the events. With an expected version that differs from the stored one nothing
    /// happens. The events get consecutive seqs, go into the stream with ids <c>&lt;seq&gt;-0</c>, the stream
    /// is trimmed to the retention, and one message carrying all of them is published.
    /// Returns {conflict (0|1), version, first seq}.
    /// </summary>
    public const string Commit = """
        local version = tonumber(redis.call('GET', KEYS[2]) or '0')
        if ARGV[1] ~= '' then
          if tonumber(ARGV[1]) ~= version then
            return {1, version, 0}
          end
          redis.call('SET', KEYS[1], ARGV[2])
          version = redis.call('INCR', KEYS[2])
        end
        local count = #ARGV - 4
        if count == 0 then
          return {0, version, tonumber(redis.call('GET', KEYS[3]) or '0') + 1}
        end
        local last = redis.call('INCRBY', KEYS[3], count)
        local first = last - count + 1
        local payload = {string.format('%d %d', first, count)}
        for i = 1, count do
          local data = ARGV[4 + i]
          redis.call('XADD', KEYS[4], string.format('%d-0', first + i - 1), 'd', data)
          payload[#payload + 1] = string.format('\n%d\n', #data)
          payload[#payload + 1] = data
        end
        redis.call('XTRIM', KEYS[4], 'MAXLEN', ARGV[3])
        redis.call('PUBLISH', ARGV[4], table.concat(payload))
        return {0, version, first}
        """;

    /// <summary>KEYS: log. ARGV: first id, count. The entries from the id on, oldest first.</summary>
    public const string ReadAfter = "return redis.call('XRANGE', KEYS[1], ARGV[1], '+', 'COUNT', ARGV[2])";

    /// <summary>KEYS: log. ARGV: last id, count. The entries up to the id, newest first.</summary>
    public const string ReadBefore = "return redis.call('XREVRANGE', KEYS[1], ARGV[1], '-', 'COUNT', ARGV[2])";

    /// <summary>The server's clock in Unix milliseconds.</summary>
    public const string Time = """
        local t = redis.call('TIME')
        return t[1] * 1000 + math.floor(t[2] / 1000)
        """;

    /// <summary>KEYS: status, address, started, heartbeat. ARGV: silo id, address. Registers an active silo stamped with the server's clock.</summary>
    public const string Register = """
        local t = redis.call('TIME')
        local now = t[1] * 1000 + math.floor(t[2] / 1000)
        redis.call('HSET', KEYS[1], ARGV[1], 'Active')
        redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
        redis.call('HSET', KEYS[3], ARGV[1], string.format('%d', now))
        redis.call('HSET', KEYS[4], ARGV[1], string.format('%d', now))
        return now
        """;

    /// <summary>KEYS: status, heartbeat. ARGV: silo id. Stamps a registered silo's heartbeat with the server's clock.</summary>
    public const string Heartbeat = """
        if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then
          return 0
        end
        local t = redis.call('TIME')
        redis.call('HSET', KEYS[2], ARGV[1], string.format('%d', t[1] * 1000 + math.floor(t[2] / 1000)))
        return 1
        """;

    /// <summary>
    /// KEYS: status, address, started, heartbeat. ARGV: how long (ms) a dead or left silo stays listed.
    /// Forgets silos gone for longer than that, then returns the four hashes.
    /// </summary>
    public const string ReadSilos = """
        local t = redis.call('TIME')
        local now = t[1] * 1000 + math.floor(t[2] / 1000)
        local statuses = redis.call('HGETALL', KEYS[1])
        for i = 1, #statuses, 2 do
          local id = statuses[i]
          if statuses[i + 1] ~= 'Active' then
            local beat = tonumber(redis.call('HGET', KEYS[4], id) or '0')
            if now - beat > tonumber(ARGV[1]) then
              for k = 1, 4 do
                redis.call('HDEL', KEYS[k], id)
              end
            end
          end
        end
        return {redis.call('HGETALL', KEYS[1]), redis.call('HGETALL', KEYS[2]), redis.call('HGETALL', KEYS[3]), redis.call('HGETALL', KEYS[4])}
        """;

    /// <summary>KEYS: status. ARGV: silo id, status. Sets the status of a registered silo.</summary>
    public const string SetStatus = """
        if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then
          return 0
        end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        return 1
        """;

    /// <summary>KEYS: claim. ARGV: reaper id, lease ms. Takes the claim when it is free or already the reaper's (renewing it).</summary>
    public const string ClaimReap = """
        if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
          return 1
        end
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          return 1
        end
        return 0
        """;

    /// <summary>KEYS: secret. ARGV: candidate. Stores the candidate unless a secret exists, and returns the stored one.</summary>
    public const string GetOrAddSecret = """
        redis.call('SET', KEYS[1], ARGV[1], 'NX')
        return redis.call('GET', KEYS[1])
        """;

    /// <summary>Every script, to load again after Redis forgot them.</summary>
    public static readonly IReadOnlyList<string> All = [Commit, ReadAfter, ReadBefore, Time, Register, Heartbeat, ReadSilos, SetStatus, ClaimReap, GetOrAddSecret];
}
