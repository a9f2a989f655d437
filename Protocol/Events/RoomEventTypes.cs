namespace OrleansChat.Protocol;

/// <summary>The <c>type</c> values of a room's events.</summary>
public static class RoomEventTypes
{
    public const string Joined = "joined";
    public const string Left = "left";
    public const string Message = "message";
}
