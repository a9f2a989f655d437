using OrleansChat.WebFront.Feeds;

namespace OrleansChat.WebFront.Connections;

/// <summary>The rooms one connection is in, each with its attachment to the room's feed.</summary>
internal sealed class ConnectionRooms
{
    private readonly Dictionary<string, FeedMember> _rooms = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _rooms.Count;
            }
        }
    }

    /// <summary>The room names, as of now.</summary>
    public IReadOnlyList<string> Names
    {
        get
        {
            lock (_lock)
            {
                return [.. _rooms.Keys];
            }
        }
    }

    public FeedMember? Find(string room)
    {
        lock (_lock)
        {
            return _rooms.GetValueOrDefault(room);
        }
    }

    public bool Contains(string room)
    {
        lock (_lock)
        {
            return _rooms.ContainsKey(room);
        }
    }

    public void Add(FeedMember member)
    {
        lock (_lock)
        {
            _rooms[member.Room] = member;
        }
    }

    public FeedMember? Remove(string room)
    {
        lock (_lock)
        {
            return _rooms.Remove(room, out var member) ? member : null;
        }
    }

    /// <summary>Empties the set and returns what it held: each room is left once, whoever asks first.</summary>
    public IReadOnlyList<FeedMember> TakeAll()
    {
        lock (_lock)
        {
            if (_rooms.Count == 0)
            {
                return [];
            }
            FeedMember[] members = [.. _rooms.Values];
            _rooms.Clear();
            return members;
        }
    }
}
