using System.Text.Json.Serialization;

namespace OrleansChat.Protocol;

/// <summary>The <c>error</c> reply: a refused command: a code from the protocol and a human-readable message.</summary>
public sealed record ErrorReply(string? Ref, string Code, string Message)
{
    [JsonPropertyOrder(-1)]
    public string Type { get; init; } = ProtocolTypes.Error;
}
