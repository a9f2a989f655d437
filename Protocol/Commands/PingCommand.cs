using System.Text.Json.Serialization;

namespace OrleansChat.Protocol;

/// <summary>The <c>ping</c> command: check the connection.</summary>
public sealed record PingCommand(string? Ref = null) : IClientCommand
{
    [JsonPropertyOrder(-1)]
    public string Type { get; init; } = ProtocolTypes.Ping;
}
