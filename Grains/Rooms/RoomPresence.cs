using OrleansChat.Protocol;

namespace OrleansChat.Grains.Rooms;

/// <summary>
/// A room's durable state besides its log: its members in order of joining, each with the front ends that hold it.
/// Immutable: every change returns a new presence, so a commit that fails leaves the room's copy as it was.
/// </summary>
[GenerateSerializer, Immutable, Alias("room-presence")]
public sealed record RoomPresence([property: Id(0)] IReadOnlyList<RoomMember> Members)
{
    public static RoomPresence Empty { get; } = new([]);

    public int IndexOf(string userId)
    {
        for (var i = 0; i < Members.Count; i++)
        {
            if (Members[i].User.Id == userId)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>The presence with <paramref name="user"/> held by <paramref name="frontEnd"/>; whether that makes it a member.</summary>
    public (RoomPresence Presence, bool Joined) With(string frontEnd, ChatUser user)
    {
        var index = IndexOf(user.Id);
        if (index < 0)
        {
            return (new RoomPresence([.. Members, new RoomMember(user, [frontEnd])]), true);
        }
        var member = Members[index];
        return member.FrontEnds.Contains(frontEnd) ? (this, false) : (Replace(index, member with { FrontEnds = [.. member.FrontEnds, frontEnd] }), false);
    }

    /// <summary>The presence without <paramref name="frontEnd"/> holding <paramref name="userId"/>; the member it removes, if that was its last front end.</summary>
    public (RoomPresence Presence, ChatUser? Left) Without(string frontEnd, string userId)
    {
        var index = IndexOf(userId);
        if (index < 0 || !Members[index].FrontEnds.Contains(frontEnd))
        {
            return (this, null);
        }
        var member = Members[index];
        if (member.FrontEnds.Count == 1)
        {
            return (new RoomPresence([.. Members.Where((_, i) => i != index)]), member.User);
        }
        return (Replace(index, member with { FrontEnds = [.. member.FrontEnds.Where(f => f != frontEnd)] }), null);
    }

    /// <summary>The presence with the member's name as given (when it is a member).</summary>
    public RoomPresence Renamed(ChatUser user)
    {
        var index = IndexOf(user.Id);
        return index < 0 || Members[index].User == user ? this : Replace(index, Members[index] with { User = user });
    }

    /// <summary>Every front end that holds some member.</summary>
    public IReadOnlyList<string> FrontEnds() => [.. Members.SelectMany(m => m.FrontEnds).Distinct()];

    public IReadOnlyList<ChatUser> Users() => [.. Members.Select(m => m.User)];

    private RoomPresence Replace(int index, RoomMember member)
    {
        var members = Members.ToArray();
        members[index] = member;
        return new RoomPresence(members);
    }
}
