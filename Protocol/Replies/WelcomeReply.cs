using System.Text.Json.Serialization;

namespace OrleansChat.Protocol;

/// <summary>The <c>welcome</c> reply: the first frame of every connection: who the client is, the token that resumes it, and the silo serving it.</summary>
public sealed record WelcomeReply(ChatUser User, string Token, string Silo)
{
    [JsonPropertyOrder(-1)]
    public string Type { get; init; } = ProtocolTypes.Welcome;
}
