using OrleansChat.Protocol;

namespace OrleansChat.Grains.Storage;

/// <summary>
/// Rooms' logs and presence, trimmed to the configured retention. Implementations: <see cref="MemoryRoomLogStore"/>
/// (one process) and <see cref="Redis.RedisRoomLogStore"/> (a Redis Stream per room). A store that cannot be reached
/// throws <see cref="StoreUnavailableException"/>.
/// </summary>
public interface IRoomLogStore
{
    Task<RoomHead> ReadHeadAsync(string room, CancellationToken cancellationToken = default);

    /// <summary>Commits <paramref name="append"/> whole or not at all (see <see cref="RoomAppend"/>).</summary>
    Task AppendAsync(string room, RoomAppend append, CancellationToken cancellationToken = default);

    /// <summary>Retained events with seq above <paramref name="after"/> and at most <paramref name="upTo"/>, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<RoomEvent>> ReadAfterAsync(string room, long after, long upTo, int limit, CancellationToken cancellationToken = default);

    /// <summary>The <paramref name="limit"/> most recent retained events with seq below <paramref name="before"/>, oldest first.</summary>
    Task<IReadOnlyList<RoomEvent>> ReadBeforeAsync(string room, long before, int limit, CancellationToken cancellationToken = default);
}
