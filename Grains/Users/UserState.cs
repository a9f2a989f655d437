namespace OrleansChat.Grains.Users;

/// <summary>A user's durable profile; <see cref="Id"/> is empty until the user is created.</summary>
internal sealed record UserState
{
    public string Id { get; init; } = "";

    public string Name { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }
}
