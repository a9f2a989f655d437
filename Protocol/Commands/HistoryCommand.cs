using System.Text.Json.Serialization;

namespace OrleansChat.Protocol;

/// <summary>The <c>history</c> command: read the most recent events before a seq.</summary>
public sealed record HistoryCommand(string Room, long? Before = null, int? Limit = null, string? Ref = null) : IClientCommand
{
    [JsonPropertyOrder(-1)]
    public string Type { get; init; } = ProtocolTypes.History;
}
