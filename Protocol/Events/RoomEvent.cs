using System.Text.Json.Serialization;

namespace OrleansChat.Protocol;

/// <summary>
/// One event of a room's stream, in the shape of the wire protocol. <see cref="Seq"/> is assigned by the
/// store at commit and is absent from the stored form (0 is not written); <see cref="Text"/> is set on messages only.
/// </summary>
public sealed record RoomEvent(
    string Type,
    string Room,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] long Seq,
    ChatUser User,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Text,
    [property: JsonConverter(typeof(UtcMillisecondsConverter))] DateTimeOffset At);
