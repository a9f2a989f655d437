using System.Text.Json.Serialization;

namespace OrleansChat.Protocol;

/// <summary>The <c>history</c> reply: the reply to history: events oldest first.</summary>
public sealed record HistoryReply(string? Ref, string Room, IReadOnlyList<RoomEvent> Events)
{
    [JsonPropertyOrder(-1)]
    public string Type { get; init; } = ProtocolTypes.History;
}
