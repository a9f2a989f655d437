namespace OrleansChat.Grains.Rooms;

/// <summary>
/// A connection of this silo in a room. It is fed events only once <see cref="Delivering"/>: from the
/// moment its join reply is built, so that the reply and the feed meet at one seq.
/// </summary>
internal sealed class LocalConnection(ChatUser user, IRoomSubscriber subscriber)
{
    public ChatUser User { get; set; } = user;

    public IRoomSubscriber Subscriber { get; } = subscriber;

    public bool Delivering { get; set; }
}
