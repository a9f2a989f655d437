using System.Diagnostics;
using OrleansChat.Protocol;

namespace OrleansChat.Grains.Rooms;

/// <summary>
/// A change waiting for the room's next commit. <see cref="Apply"/> runs when the commit is built, on the presence as
/// of the changes before it; it either throws (this change alone is refused) or returns the new presence and adds its
/// events. The task completes with the seq the room reached with it, once the commit is durable.
/// </summary>
internal abstract class RoomChange : TaskCompletionSource<long>
{
    /// <summary>The span current when the change was made (its grain call's, when traced): the commit's span continues or links it.</summary>
    public Activity? Caller { get; } = Activity.Current;

    public abstract RoomPresence Apply(RoomPresence presence, RoomCommit commit);

    /// <summary>A front end holds the user: its first presence anywhere makes it a member.</summary>
    public sealed class Join(string frontEnd, ChatUser user) : RoomChange
    {
        public override RoomPresence Apply(RoomPresence presence, RoomCommit commit)
        {
            var (next, joined) = presence.With(frontEnd, user);
            if (joined)
            {
                commit.Add(RoomEventTypes.Joined, user);
            }
            return next;
        }
    }

    /// <summary>A front end no longer holds the user: its last presence anywhere ends its membership.</summary>
    public sealed class Leave(string frontEnd, string userId) : RoomChange
    {
        public override RoomPresence Apply(RoomPresence presence, RoomCommit commit)
        {
            var (next, left) = presence.Without(frontEnd, userId);
            if (left is not null)
            {
                commit.Add(RoomEventTypes.Left, left);
            }
            return next;
        }
    }

    /// <summary>A front end died: every user it held loses that presence.</summary>
    public sealed class RemoveFrontEnd(string frontEnd) : RoomChange
    {
        public override RoomPresence Apply(RoomPresence presence, RoomCommit commit)
        {
            foreach (var member in presence.Members)
            {
                var (next, left) = presence.Without(frontEnd, member.User.Id);
                if (left is not null)
                {
                    commit.Add(RoomEventTypes.Left, left);
                }
                presence = next;
            }
            return presence;
        }
    }

    /// <summary>A message from a member; the member list follows a name it carries.</summary>
    public sealed class Send(ChatUser user, string text) : RoomChange
    {
        public override RoomPresence Apply(RoomPresence presence, RoomCommit commit)
        {
            if (presence.IndexOf(user.Id) < 0)
            {
                throw new NotAMemberException($"{user.Id} is not a member of room {commit.Room}.");
            }
            commit.Add(RoomEventTypes.Message, user, text);
            return presence.Renamed(user);
        }
    }

    /// <summary>A member was renamed: a later <c>left</c> carries the new name.</summary>
    public sealed class Rename(ChatUser user) : RoomChange
    {
        public override RoomPresence Apply(RoomPresence presence, RoomCommit commit) => presence.Renamed(user);
    }
}
