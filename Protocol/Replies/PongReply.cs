using System.Text.Json.Serialization;

namespace OrleansChat.Protocol;

/// <summary>The <c>pong</c> reply: the reply to ping.</summary>
public sealed record PongReply(string? Ref)
{
    [JsonPropertyOrder(-1)]
    public string Type { get; init; } = ProtocolTypes.Pong;
}
