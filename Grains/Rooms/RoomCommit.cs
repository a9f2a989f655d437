using OrleansChat.Protocol;

namespace OrleansChat.Grains.Rooms;

/// <summary>The events of one commit being built: each gets the next seq and the commit's time.</summary>
internal sealed class RoomCommit(string room, long seq, DateTimeOffset at)
{
    public string Room => room;

    public List<RoomEvent> Events { get; } = [];

    /// <summary>The seq of the last event added, or where the log ended when none was.</summary>
    public long LastSeq { get; private set; } = seq;

    /// <summary>The W3C <c>traceparent</c> of the commit's span when it is traced; its stream item carries it to the room feeds.</summary>
    public string? TraceParent { get; set; }

    public void Add(string type, ChatUser user, string? text = null) =>
        Events.Add(new RoomEvent(type, room, ++LastSeq, user, text, at));
}
