using System.Text.Json.Serialization;

namespace OrleansChat.Protocol;

/// <summary>The <c>join</c> command: join a room; with After, the reply replays every retained event after it.</summary>
public sealed record JoinCommand(string Room, long? After = null, string? Ref = null) : IClientCommand
{
    [JsonPropertyOrder(-1)]
    public string Type { get; init; } = ProtocolTypes.Join;
}
