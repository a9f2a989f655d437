namespace OrleansChat.Grains.Rooms;

/// <summary>
/// A room's durable state: its members in order of joining. A user is a member while its silo list is not
/// empty. The state is replaced whole on every commit, never changed in place.
/// </summary>
internal sealed record RoomState
{
    public IReadOnlyList<RoomMemberState> Members { get; init; } = [];

    /// <summary>The state with <paramref name="siloId"/> added to (or removed from) <paramref name="user"/>'s presence,
    /// and the event that the change of membership makes, if any.</summary>
    public (RoomState State, string? EventType) WithPresence(ChatUser user, string siloId, bool present)
    {
        var members = new List<RoomMemberState>(Members.Count + 1);
        string? eventType = present ? RoomEventTypes.Joined : null;
        foreach (var member in Members)
        {
            if (member.Id != user.Id)
            {
                members.Add(member);
                continue;
            }
            var silos = member.Silos.Where(s => s != siloId).ToList();
            if (present)
            {
                silos.Add(siloId);
                eventType = null;
            }
            if (silos.Count > 0)
            {
                members.Add(member with { Silos = silos });
            }
            else
            {
                eventType = RoomEventTypes.Left;
            }
        }
        if (present && eventType is not null)
        {
            members.Add(new RoomMemberState(user.Id, user.Name, [siloId]));
        }
        return (new RoomState { Members = members }, eventType);
    }

    /// <summary>The state without any presence on <paramref name="siloId"/>, and the members that this leaves with none.</summary>
    public (RoomState State, IReadOnlyList<RoomMemberState> Gone) WithoutSilo(string siloId)
    {
        var members = new List<RoomMemberState>(Members.Count);
        var gone = new List<RoomMemberState>();
        foreach (var member in Members)
        {
            if (!member.Silos.Contains(siloId))
            {
                members.Add(member);
            }
            else if (member.Silos.Count > 1)
            {
                members.Add(member with { Silos = member.Silos.Where(s => s != siloId).ToList() });
            }
            else
            {
                gone.Add(member);
            }
        }
        return (new RoomState { Members = members }, gone);
    }

    public bool IsPresent(string userId, string siloId) => Members.Any(m => m.Id == userId && m.Silos.Contains(siloId));

    public bool HasSilo(string siloId) => Members.Any(m => m.Silos.Contains(siloId));
}
