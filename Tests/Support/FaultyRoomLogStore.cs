using OrleansChat.Grains;
using OrleansChat.Grains.Storage;
using OrleansChat.Protocol;

namespace OrleansChat.Tests.Support;

/// <summary>A room log store that fails the appends a test armed in <see cref="RoomLogFaults"/>, and passes everything else on.</summary>
internal sealed class FaultyRoomLogStore(IRoomLogStore inner, RoomLogFaults faults) : IRoomLogStore
{
    /// <summary>How long a <see cref="RoomLogFault.Slow"/> append takes.</summary>
    public static readonly TimeSpan SlowAppend = TimeSpan.FromMilliseconds(100);

    public Task<RoomHead> ReadHeadAsync(string room, CancellationToken cancellationToken = default) =>
        inner.ReadHeadAsync(room, cancellationToken);

    public async Task AppendAsync(string room, RoomAppend append, CancellationToken cancellationToken = default)
    {
        switch (faults.Next(room))
        {
            case RoomLogFault.Unreachable:
                throw new StoreUnavailableException("The test made the room log unreachable.", new StackExchange.Redis.RedisConnectionException(StackExchange.Redis.ConnectionFailureType.SocketFailure, StackExchange.Redis.CommandFlags.None, "test", null, StackExchange.Redis.CommandStatus.Unknown));
            case RoomLogFault.LandedThenTimedOut:
                await inner.AppendAsync(room, append, cancellationToken);
                throw new StoreUnavailableException("The test lost the answer of an append that landed.");
            case RoomLogFault.Slow:
                await Task.Delay(SlowAppend, cancellationToken);
                await inner.AppendAsync(room, append, cancellationToken);
                break;
            default:
                await inner.AppendAsync(room, append, cancellationToken);
                break;
        }
    }

    public Task<IReadOnlyList<RoomEvent>> ReadAfterAsync(string room, long after, long upTo, int limit, CancellationToken cancellationToken = default) =>
        inner.ReadAfterAsync(room, after, upTo, limit, cancellationToken);

    public Task<IReadOnlyList<RoomEvent>> ReadBeforeAsync(string room, long before, int limit, CancellationToken cancellationToken = default) =>
        inner.ReadBeforeAsync(room, before, limit, cancellationToken);
}
