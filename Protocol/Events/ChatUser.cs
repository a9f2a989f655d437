namespace OrleansChat.Protocol;

/// <summary>A user as the protocol shows it: the UUID its UserGrain generated, and its current display name.</summary>
public sealed record ChatUser(string Id, string Name);
