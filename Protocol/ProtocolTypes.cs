namespace OrleansChat.Protocol;

/// <summary>The <c>type</c> values of the wire protocol's commands (client to server) and replies (server to client).</summary>
public static class ProtocolTypes
{
    public const string Join = "join";
    public const string Leave = "leave";
    public const string Send = "send";
    public const string History = "history";
    public const string Members = "members";
    public const string Rename = "rename";
    public const string Ping = "ping";

    public const string Welcome = "welcome";
    public const string Room = "room";
    public const string Ack = "ack";
    public const string User = "user";
    public const string Pong = "pong";
    public const string Error = "error";

    /// <summary>The longest <c>ref</c> a command may carry.</summary>
    public const int MaxRefLength = 64;
}
