namespace OrleansChat.Grains;

/// <summary>
/// A connection joining a room. With <see cref="After"/>, the reply replays every retained event after it;
/// without, the <see cref="Recent"/> most recent events.
/// </summary>
public sealed record RoomJoin(ChatUser User, string ConnectionId, IRoomSubscriber Subscriber, long? After, int Recent);
