using System.Text.Json.Serialization;

namespace OrleansChat.Protocol;

/// <summary>The <c>leave</c> command: leave a room.</summary>
public sealed record LeaveCommand(string Room, string? Ref = null) : IClientCommand
{
    [JsonPropertyOrder(-1)]
    public string Type { get; init; } = ProtocolTypes.Leave;
}
