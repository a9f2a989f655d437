namespace OrleansChat.Grains.Users;

/// <summary>A user's durable profile. Stored once the user is created.</summary>
[GenerateSerializer, Alias("user-state")]
public sealed class UserState
{
    [Id(0)] public string Name { get; set; } = "";

    [Id(1)] public DateTimeOffset CreatedAt { get; set; }

    [Id(2)] public DateTimeOffset? RenamedAt { get; set; }
}
