using OrleansChat.Grains.Storage;
using OrleansChat.Protocol;

namespace OrleansChat.Tests.Support;

/// <summary>A room log store that counts the appends it passes on (successful or not), so tests can see group commit at work.</summary>
internal sealed class CountingRoomLogStore(IRoomLogStore inner, AppendCounter appends) : IRoomLogStore
{
    public Task<RoomHead> ReadHeadAsync(string room, CancellationToken cancellationToken = default) =>
        inner.ReadHeadAsync(room, cancellationToken);

    public Task AppendAsync(string room, RoomAppend append, CancellationToken cancellationToken = default)
    {
        appends.Add(room);
        return inner.AppendAsync(room, append, cancellationToken);
    }

    public Task<IReadOnlyList<RoomEvent>> ReadAfterAsync(string room, long after, long upTo, int limit, CancellationToken cancellationToken = default) =>
        inner.ReadAfterAsync(room, after, upTo, limit, cancellationToken);

    public Task<IReadOnlyList<RoomEvent>> ReadBeforeAsync(string room, long before, int limit, CancellationToken cancellationToken = default) =>
        inner.ReadBeforeAsync(room, before, limit, cancellationToken);
}
