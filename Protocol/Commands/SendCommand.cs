using System.Text.Json.Serialization;

namespace OrleansChat.Protocol;

/// <summary>The <c>send</c> command: send a message to a joined room.</summary>
public sealed record SendCommand(string Room, string Text, string? Ref = null) : IClientCommand
{
    [JsonPropertyOrder(-1)]
    public string Type { get; init; } = ProtocolTypes.Send;
}
