namespace OrleansChat.Grains.Hosting;

/// <summary>The type names under which the grains' state and logs are stored.</summary>
public static class GrainTypes
{
    public const string Room = "room";
    public const string User = "user";
}
