namespace OrleansChat.Grains.Users;

/// <summary>An entry of a user's own log: <c>created</c> or <c>renamed</c>, with the name from then on.</summary>
internal sealed record UserEvent(string Type, string Name, DateTimeOffset At)
{
    public const string Created = "created";
    public const string Renamed = "renamed";
}
