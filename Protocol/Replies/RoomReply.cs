using System.Text.Json.Serialization;

namespace OrleansChat.Protocol;

/// <summary>The <c>room</c> reply: the reply to join: the members at Seq and the events asked for, oldest first.</summary>
public sealed record RoomReply(string? Ref, string Room, long Seq, IReadOnlyList<ChatUser> Members, IReadOnlyList<RoomEvent> Events, bool Recovered)
{
    [JsonPropertyOrder(-1)]
    public string Type { get; init; } = ProtocolTypes.Room;
}
