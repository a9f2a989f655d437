using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OrleansChat.Grains.Serialization;
using OrleansChat.Runtime;
using OrleansChat.Runtime.EventSourcing;
using OrleansChat.Runtime.Storage;

namespace OrleansChat.Grains.Rooms;

/// <summary>
/// A room's activation in one silo. It keeps this silo's connections, commits the user's presence on this
/// silo when it appears or vanishes (the store turns the first presence into <c>joined</c> and the last
/// into <c>left</c>), appends messages, and feeds its connections from the ordered fold of the room's stream.
/// </summary>
internal sealed class RoomGrain : JournaledGrain<RoomState, RoomEvent>, IRoomGrain
{
    private const int MaxConflictRetries = 32;

    private readonly Dictionary<string, LocalConnection> _connections = [];
    private readonly OrderedDictionary<string, ChatUser> _members = [];

    protected override JsonTypeInfo<RoomState> StateTypeInfo => GrainStateJsonContext.Default.RoomState;

    protected override JsonTypeInfo<RoomEvent> EventTypeInfo => ChatJsonContext.Default.RoomEvent;

    protected override bool FollowsStream => true;

    public override bool CanBeCollected => _connections.Count == 0;

    public async Task<RoomSnapshot> JoinAsync(RoomJoin join)
    {
        if (!_connections.TryGetValue(join.ConnectionId, out var connection))
        {
            connection = new LocalConnection(join.User, join.Subscriber);
            _connections[join.ConnectionId] = connection;
        }
        try
        {
            await SyncPresenceAsync();
        }
        catch (Exception exception) when (exception is not VersionConflictException)
        {
            // Nothing was committed for this join: forget the connection. (A conflict keeps it for the retry.)
            if (!connection.Delivering)
            {
                _connections.Remove(join.ConnectionId);
            }
            throw;
        }
        IReadOnlyList<RoomEvent> events;
        var recovered = true;
        if (join.After is { } after)
        {
            events = await ReadEventsAfterAsync(after);
            // Behind the log's start some events were trimmed; ahead of the room's last seq the client saw
            // events this room no longer has (a store that was reset). Either way the client must show a gap.
            recovered = after == Position || after < Position && events.Count > 0 && events[0].Seq == after + 1;
        }
        else
        {
            events = await ReadRecentAsync(Position + 1, join.Recent);
        }
        connection.Delivering = true;
        return new RoomSnapshot(Key, Position, [.. _members.Values], events, recovered);
    }

    public async Task LeaveAsync(string connectionId)
    {
        // Syncing even when the connection is already gone makes a retried leave (after a version conflict) finish its commit.
        _connections.Remove(connectionId);
        await SyncPresenceAsync();
    }

    public Task<long> SendAsync(ChatUser user, string text)
    {
        if (!_connections.Values.Any(c => c.User.Id == user.Id))
        {
            throw new InvalidOperationException($"{user.Id} has no connection in room {Key} on this silo.");
        }
        return AppendAsync(new RoomEvent(RoomEventTypes.Message, Key, 0, user, text, TimeProvider.GetUtcNow()));
    }

    public async Task RenameMemberAsync(ChatUser user)
    {
        foreach (var connection in _connections.Values)
        {
            if (connection.User.Id == user.Id)
            {
                connection.User = user;
            }
        }
        if (_members.ContainsKey(user.Id))
        {
            _members[user.Id] = user;
        }
        if (State.Members.Any(m => m.Id == user.Id && m.Name != user.Name))
        {
            var members = State.Members.Select(m => m.Id == user.Id ? m with { Name = user.Name } : m).ToList();
            await CommitAsync(State with { Members = members }, []);
        }
    }

    public async Task<IReadOnlyList<RoomEvent>> GetHistoryAsync(long before, int limit) => await ReadRecentAsync(before, limit);

    public Task<RoomMembers> GetMembersAsync() => Task.FromResult(new RoomMembers(Key, Position, [.. _members.Values]));

    public async Task RemoveSiloAsync(string siloId)
    {
        // The reaper found the dead silo in the stored state; this activation's copy may predate that silo's
        // commits (other silos' commits reach it as events, not as state), so it reads the state first.
        await RefreshStateAsync();
        await CommitPresenceAsync(siloId, new Dictionary<string, ChatUser>());
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // A graceful stop of the silo takes its connections' presence with it; an idle activation has none,
        // but may still carry a presence whose leave failed to commit (the store was away).
        _connections.Clear();
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await SyncPresenceAsync();
                    break;
                }
                catch (VersionConflictException) when (attempt < MaxConflictRetries)
                {
                    await OnVersionConflictAsync(cancellationToken);
                }
            }
        }
        finally
        {
            await base.OnDeactivateAsync(reason, cancellationToken);
        }
    }

    protected override void OnStateLoaded()
    {
        foreach (var member in State.Members)
        {
            _members[member.Id] = new ChatUser(member.Id, member.Name);
        }
    }

    protected override void OnEvent(long seq, RoomEvent loggedEvent)
    {
        var roomEvent = loggedEvent with { Seq = seq };
        switch (roomEvent.Type)
        {
            case RoomEventTypes.Joined:
                _members[roomEvent.User.Id] = roomEvent.User;
                break;
            case RoomEventTypes.Left:
                _members.Remove(roomEvent.User.Id);
                break;
            case RoomEventTypes.Message when _members.ContainsKey(roomEvent.User.Id):
                // A renamed user's next message carries the new name; the member list follows it.
                _members[roomEvent.User.Id] = roomEvent.User;
                break;
        }
        RoomFrame? frame = null;
        foreach (var connection in _connections.Values)
        {
            if (connection.Delivering)
            {
                frame ??= new RoomFrame(roomEvent, JsonSerializer.SerializeToUtf8Bytes(roomEvent, ChatJsonContext.Default.RoomEvent));
                connection.Subscriber.OnEvent(frame);
            }
        }
    }

    /// <summary>
    /// Makes this silo's durable presence match its connections: it is idempotent, so a call retried after a
    /// version conflict simply commits whatever difference remains on the fresh state.
    /// </summary>
    private Task SyncPresenceAsync()
    {
        var localUsers = new Dictionary<string, ChatUser>();
        foreach (var connection in _connections.Values)
        {
            localUsers.TryAdd(connection.User.Id, connection.User);
        }
        return CommitPresenceAsync(SiloId, localUsers);
    }

    private async Task CommitPresenceAsync(string siloId, IReadOnlyDictionary<string, ChatUser> localUsers)
    {
        if (State.WithSiloPresence(siloId, localUsers) is not { } change)
        {
            return;
        }
        var now = TimeProvider.GetUtcNow();
        var events = new List<RoomEvent>(change.Joined.Count + change.Left.Count);
        foreach (var user in change.Joined)
        {
            events.Add(new RoomEvent(RoomEventTypes.Joined, Key, 0, user, null, now));
        }
        foreach (var member in change.Left)
        {
            // The durable name is current: renames commit it, and this state passed the version check.
            events.Add(new RoomEvent(RoomEventTypes.Left, Key, 0, new ChatUser(member.Id, member.Name), null, now));
        }
        await CommitAsync(change.State, events);
    }

    private async Task<IReadOnlyList<RoomEvent>> ReadEventsAfterAsync(long after)
    {
        var events = new List<RoomEvent>();
        await foreach (var loggedEvent in ReadLogAsync(after, Position))
        {
            events.Add(DecodeEvent(loggedEvent) with { Seq = loggedEvent.Seq });
        }
        return events;
    }

    private async Task<IReadOnlyList<RoomEvent>> ReadRecentAsync(long before, int limit)
    {
        var page = await Storage.ReadEventsBeforeAsync(GrainId, Math.Min(before, Position + 1), limit);
        return page.Select(e => DecodeEvent(e) with { Seq = e.Seq }).ToList();
    }
}
