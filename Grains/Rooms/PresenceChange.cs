namespace OrleansChat.Grains.Rooms;

/// <summary>A change of one silo's presence in a room: the new state, the users it makes members, and the members it removes.</summary>
internal sealed record PresenceChange(RoomState State, IReadOnlyList<ChatUser> Joined, IReadOnlyList<RoomMemberState> Left);
