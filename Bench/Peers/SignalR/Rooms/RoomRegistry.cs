using OrleansChat.Protocol;

namespace OrleansChat.Bench.Peers.SignalR.Rooms;

/// <summary>
/// Rooms in memory: per room a seq counter and the members (user -> its connections), under one lock per room,
/// the way a single-server SignalR app keeps them. Nothing is persisted and nothing is replayed.
/// </summary>
public sealed class RoomRegistry
{
    private readonly Dictionary<string, PeerRoom> _rooms = new(StringComparer.Ordinal);

    public PeerJoinResult Join(string room, string connectionId, ChatUser user, DateTimeOffset at)
    {
        var state = Get(room);
        lock (state)
        {
            RoomEvent? joined = null;
            if (!state.Members.TryGetValue(user.Id, out var connections))
            {
                connections = new HashSet<string>(StringComparer.Ordinal);
                state.Members[user.Id] = connections;
                state.Users[user.Id] = user;
                joined = new RoomEvent(RoomEventTypes.Joined, room, ++state.Seq, user, null, at);
            }
            connections.Add(connectionId);
            return new PeerJoinResult(state.Seq, [.. state.Users.Values], joined);
        }
    }

    public RoomEvent? Leave(string room, string connectionId, ChatUser user, DateTimeOffset at)
    {
        var state = Get(room);
        lock (state)
        {
            if (!state.Members.TryGetValue(user.Id, out var connections) || !connections.Remove(connectionId) || connections.Count > 0)
            {
                return null;
            }
            state.Members.Remove(user.Id);
            state.Users.Remove(user.Id);
            return new RoomEvent(RoomEventTypes.Left, room, ++state.Seq, user, null, at);
        }
    }

    public RoomEvent Message(string room, ChatUser user, string text, DateTimeOffset at)
    {
        var state = Get(room);
        lock (state)
        {
            return new RoomEvent(RoomEventTypes.Message, room, ++state.Seq, user, text, at);
        }
    }

    private PeerRoom Get(string room)
    {
        lock (_rooms)
        {
            if (!_rooms.TryGetValue(room, out var state))
            {
                state = new PeerRoom();
                _rooms[room] = state;
            }
            return state;
        }
    }
}
