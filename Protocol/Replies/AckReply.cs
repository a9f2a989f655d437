using System.Text.Json.Serialization;

namespace OrleansChat.Protocol;

/// <summary>The <c>ack</c> reply: the reply to send (with the committed message's seq) and to leave (without).</summary>
public sealed record AckReply(string? Ref, long? Seq = null)
{
    [JsonPropertyOrder(-1)]
    public string Type { get; init; } = ProtocolTypes.Ack;
}
