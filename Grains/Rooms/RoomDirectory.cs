namespace OrleansChat.Grains.Rooms;

/// <summary>The list of rooms with their member counts and last seq, read from the store (every silo sees the same).</summary>
public sealed class RoomDirectory
{
    private readonly RoomStateReader _reader;

    internal RoomDirectory(RoomStateReader reader) => _reader = reader;

    public async Task<IReadOnlyList<RoomSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var rooms = await _reader.ListRoomsAsync(cancellationToken).ConfigureAwait(false);
        var summaries = new List<RoomSummary>(rooms.Count);
        foreach (var room in rooms)
        {
            var (state, lastSeq) = await _reader.ReadAsync(room, cancellationToken).ConfigureAwait(false);
            summaries.Add(new RoomSummary(room, state.Members.Count, lastSeq));
        }
        return summaries;
    }
}
