namespace OrleansChat.Grains.Rooms;

/// <summary>
/// A room's durable state: its members in order of joining. A user is a member while its silo list is not
/// empty. The state is replaced whole on every commit, never changed in place.
/// </summary>
internal sealed record RoomState
{
    public IReadOnlyList<RoomMemberState> Members { get; init; } = [];

    /// <summary>
    /// The state in which <paramref name="siloId"/> is present for exactly the users in <paramref name="localUsers"/>,
    /// with the members that this makes (<c>joined</c>) and unmakes (<c>left</c>). Null when nothing changes.
    /// </summary>
    public PresenceChange? WithSiloPresence(string siloId, IReadOnlyDictionary<string, ChatUser> localUsers)
    {
        var members = new List<RoomMemberState>(Members.Count + localUsers.Count);
        var joined = new List<ChatUser>();
        var left = new List<RoomMemberState>();
        var changed = false;
        foreach (var member in Members)
        {
            var has = member.Silos.Contains(siloId);
            var wants = localUsers.ContainsKey(member.Id);
            if (has == wants)
            {
                members.Add(member);
                continue;
            }
            changed = true;
            var silos = wants ? [.. member.Silos, siloId] : member.Silos.Where(s => s != siloId).ToList();
            if (silos.Count > 0)
            {
                members.Add(member with { Silos = silos });
            }
            else
            {
                left.Add(member);
            }
        }
        foreach (var user in localUsers.Values)
        {
            if (!Members.Any(m => m.Id == user.Id))
            {
                changed = true;
                members.Add(new RoomMemberState(user.Id, user.Name, [siloId]));
                joined.Add(user);
            }
        }
        return changed ? new PresenceChange(new RoomState { Members = members }, joined, left) : null;
    }

    public bool HasSilo(string siloId) => Members.Any(m => m.Silos.Contains(siloId));
}
