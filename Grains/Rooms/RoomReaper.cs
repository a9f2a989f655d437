using OrleansChat.Runtime;
using OrleansChat.Runtime.Membership;

namespace OrleansChat.Grains.Rooms;

/// <summary>After a silo dies, removes its presence from every room that still lists it; members present only there get <c>left</c>.</summary>
internal sealed class RoomReaper(RoomStateReader reader, IGrainFactory grainFactory) : IDeadSiloHandler
{
    public async Task OnSiloDeadAsync(string deadSiloId, CancellationToken cancellationToken)
    {
        foreach (var room in await reader.ListRoomsAsync(cancellationToken).ConfigureAwait(false))
        {
            var (state, _) = await reader.ReadAsync(room, cancellationToken).ConfigureAwait(false);
            if (state.HasSilo(deadSiloId))
            {
                await grainFactory.GetGrain<IRoomGrain>(room).RemoveSiloAsync(deadSiloId).ConfigureAwait(false);
            }
        }
    }
}
