using System.Text.Json;
using OrleansChat.Grains.Hosting;
using OrleansChat.Grains.Serialization;
using OrleansChat.Runtime;
using OrleansChat.Runtime.Storage;

namespace OrleansChat.Grains.Rooms;

/// <summary>Reads rooms' durable state straight from the store, for listings and reaping, without activating them.</summary>
internal sealed class RoomStateReader(IGrainStorage storage)
{
    public Task<IReadOnlyList<string>> ListRoomsAsync(CancellationToken cancellationToken) =>
        storage.ListKeysAsync(GrainTypes.Room, cancellationToken);

    public async Task<(RoomState State, long LastSeq)> ReadAsync(string room, CancellationToken cancellationToken)
    {
        var snapshot = await storage.ReadAsync(new GrainId(GrainTypes.Room, room), cancellationToken).ConfigureAwait(false);
        var state = snapshot.State is null ? null : JsonSerializer.Deserialize(snapshot.State, GrainStateJsonContext.Default.RoomState);
        return (state ?? new RoomState(), snapshot.LastSeq);
    }
}
