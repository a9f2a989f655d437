using System.Text.Json.Serialization;

namespace OrleansChat.Protocol;

/// <summary>The <c>user</c> reply: the reply to rename: the user as it is now.</summary>
public sealed record UserReply(string? Ref, ChatUser User)
{
    [JsonPropertyOrder(-1)]
    public string Type { get; init; } = ProtocolTypes.User;
}
