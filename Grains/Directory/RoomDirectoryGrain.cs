using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansChat.Grains.Storage;

namespace OrleansChat.Grains.Directory;

/// <summary>
/// The list of rooms, kept by the rooms' own reports. A report that changes which front ends hold a room is stored
/// at once (the reaper depends on it after a crash); counts, seqs and activity are stored at most once per
/// <see cref="FlushPeriod"/>, so a busy room does not write the whole directory per message.
/// </summary>
/// <remarks>
/// Activity needs no call of its own: every event moves the room's seq, which the room's next report carries (a
/// commit that changes presence reports at once, messages within a second).
/// The listing is sorted and paged here, so a caller copies out one page however many rooms there are.
/// </remarks>
[GrainType("room-directory")]
internal sealed class RoomDirectoryGrain(
    [PersistentState("room-directory", ChatStorage.Name)] IPersistentState<RoomDirectoryState> state,
    IOptions<RoomListingOptions> options,
    [FromKeyedServices(RoomListingClock.Key)] TimeProvider clock)
    : Grain, IRoomDirectoryGrain
{
    private static readonly TimeSpan FlushPeriod = TimeSpan.FromSeconds(1);

    private readonly TimeSpan _idleAge = options.Value.RoomListingIdleAge;
    private bool _dirty;

    private Dictionary<string, RoomDirectoryEntry> Rooms => state.State.Rooms;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Rooms stored before the directory dated activity count as active from now, so an upgrade does not empty
        // the listing at once: they drop out one idle age later unless they are used.
        var now = clock.GetUtcNow();
        foreach (var room in Rooms.Where(r => r.Value.LastActivity == default).Select(r => r.Key).ToList())
        {
            Rooms[room] = Rooms[room] with { LastActivity = now };
        }
        this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(FlushPeriod, FlushPeriod) { Interleave = false, KeepAlive = true });
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => await FlushAsync(cancellationToken);

    public async Task ReportAsync(RoomSummary summary, IReadOnlyList<string> frontEnds)
    {
        var now = clock.GetUtcNow();
        var known = Rooms.GetValueOrDefault(summary.Room);
        var frontEndsChanged = known is null || !known.FrontEnds.SequenceEqual(frontEnds);
        Rooms[summary.Room] = known is null ? RoomDirectoryEntry.Reported(summary, frontEnds, now) : known.After(summary, frontEnds, now);
        _dirty = true;
        if (frontEndsChanged)
        {
            await FlushAsync(CancellationToken.None);
        }
    }

    public Task<RoomListingPage> ListAsync(int limit, RoomListingCursor? after)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, RoomListingPage.MaxLimit);
        var now = clock.GetUtcNow();
        var idleSince = now - _idleAge;
        var listed = Rooms.Values.Where(e => e.IsListed(idleSince));
        if (after is not null)
        {
            var from = RoomListingPosition.Of(after);
            // A room that lost members since the walk began may have moved down past the cursor from a page already
            // handed out: it is left out of the rest of the walk rather than shown twice.
            listed = listed.Where(e => e.Position.CompareTo(from) > 0 && e.DemotedAt < after.WalkStarted);
        }
        // OrderBy + Take sorts only as far as the page needs.
        var page = listed.OrderBy(e => e.Position).Take(limit + 1).ToList();
        RoomListingCursor? next = null;
        if (page.Count > limit)
        {
            page.RemoveAt(limit);
            var last = page[^1];
            next = new RoomListingCursor(after?.WalkStarted ?? now, last.Summary.Members, last.LastActivity, last.Summary.Room);
        }
        return Task.FromResult(new RoomListingPage([.. page.Select(e => e.ToListed())], next));
    }

    public Task<IReadOnlyList<string>> GetRoomsWithFrontEndAsync(string frontEnd) =>
        Task.FromResult<IReadOnlyList<string>>([.. Rooms.Values.Where(e => e.FrontEnds.Contains(frontEnd)).Select(e => e.Summary.Room)]);

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (!_dirty)
        {
            return;
        }
        _dirty = false;
        ForgetIdleRooms();
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

    /// <summary>
    /// Drops the rooms the listing no longer shows before the state is written (the write copies every entry anyway),
    /// so the state holds only rooms in use. A forgotten room's next commit reports it again. A room where a front end
    /// still holds presence stays: the reaper finds rooms through this state.
    /// </summary>
    private void ForgetIdleRooms()
    {
        var idleSince = clock.GetUtcNow() - _idleAge;
        foreach (var (room, entry) in Rooms)
        {
            if (!entry.IsListed(idleSince) && entry.FrontEnds.Count == 0)
            {
                // Removing the current entry while enumerating a Dictionary is allowed (and safe) since .NET Core 3.0.
                Rooms.Remove(room);
            }
        }
    }
}
