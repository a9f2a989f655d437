using OrleansChat.Grains.Storage;

namespace OrleansChat.Grains.Directory;

/// <summary>
/// The list of rooms, kept by the rooms' own reports. A report that changes which front ends hold a room is stored
/// at once (the reaper depends on it after a crash); counts and seqs are stored at most once per
/// <see cref="FlushPeriod"/>, so a busy room does not write the whole directory per message.
/// </summary>
[GrainType("room-directory")]
internal sealed class RoomDirectoryGrain([PersistentState("room-directory", ChatStorage.Name)] IPersistentState<RoomDirectoryState> state)
    : Grain, IRoomDirectoryGrain
{
    private static readonly TimeSpan FlushPeriod = TimeSpan.FromSeconds(1);

    private bool _dirty;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(FlushPeriod, FlushPeriod) { Interleave = false, KeepAlive = true });
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => await FlushAsync(cancellationToken);

    public async Task ReportAsync(RoomSummary summary, IReadOnlyList<string> frontEnds)
    {
        var rooms = state.State.Rooms;
        var frontEndsChanged = !rooms.TryGetValue(summary.Room, out var known) || !known.FrontEnds.SequenceEqual(frontEnds);
        rooms[summary.Room] = new RoomDirectoryEntry(summary, frontEnds);
        _dirty = true;
        if (frontEndsChanged)
        {
            await FlushAsync(CancellationToken.None);
        }
    }

    public Task<IReadOnlyList<RoomSummary>> ListAsync() =>
        Task.FromResult<IReadOnlyList<RoomSummary>>([.. state.State.Rooms.Values.Select(e => e.Summary).OrderBy(s => s.Room, StringComparer.Ordinal)]);

    public Task<IReadOnlyList<string>> GetRoomsWithFrontEndAsync(string frontEnd) =>
        Task.FromResult<IReadOnlyList<string>>([.. state.State.Rooms.Values.Where(e => e.FrontEnds.Contains(frontEnd)).Select(e => e.Summary.Room)]);

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (!_dirty)
        {
            return;
        }
        _dirty = false;
        try
        {
            await state.WriteOrUnavailableAsync();
        }
        catch
        {
            _dirty = true;
            throw;
        }
    }
}
