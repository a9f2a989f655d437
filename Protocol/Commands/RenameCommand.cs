using System.Text.Json.Serialization;

namespace OrleansChat.Protocol;

/// <summary>The <c>rename</c> command: rename the connection's user.</summary>
public sealed record RenameCommand(string Name, string? Ref = null) : IClientCommand
{
    [JsonPropertyOrder(-1)]
    public string Type { get; init; } = ProtocolTypes.Rename;
}
