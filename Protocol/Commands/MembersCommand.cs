using System.Text.Json.Serialization;

namespace OrleansChat.Protocol;

/// <summary>The <c>members</c> command: read a room's members.</summary>
public sealed record MembersCommand(string Room, string? Ref = null) : IClientCommand
{
    [JsonPropertyOrder(-1)]
    public string Type { get; init; } = ProtocolTypes.Members;
}
