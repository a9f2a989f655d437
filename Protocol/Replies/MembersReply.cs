using System.Text.Json.Serialization;

namespace OrleansChat.Protocol;

/// <summary>The <c>members</c> reply: the reply to members.</summary>
public sealed record MembersReply(string? Ref, string Room, IReadOnlyList<ChatUser> Members)
{
    [JsonPropertyOrder(-1)]
    public string Type { get; init; } = ProtocolTypes.Members;
}
