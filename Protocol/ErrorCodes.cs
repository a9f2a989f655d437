namespace OrleansChat.Protocol;

/// <summary>Every <c>code</c> an <c>error</c> reply may carry (PROTOCOL.md). An error never closes the socket and commits nothing.</summary>
public static class ErrorCodes
{
    /// <summary>Not JSON, not an object, a missing or ill-typed field, empty text, an invalid name.</summary>
    public const string BadRequest = "bad_request";

    /// <summary>A <c>type</c> the protocol does not know.</summary>
    public const string UnknownType = "unknown_type";

    /// <summary>A room name outside the rule of <c>RoomNames</c>.</summary>
    public const string InvalidRoom = "invalid_room";

    /// <summary>A command on a room this connection has not joined.</summary>
    public const string NotJoined = "not_joined";

    /// <summary>A message text longer than the limit.</summary>
    public const string TooLong = "too_long";

    /// <summary>Over the connection's command rate.</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>A join past the connection's room limit.</summary>
    public const string TooManyRooms = "too_many_rooms";

    /// <summary>The cluster store cannot be reached.</summary>
    public const string Unavailable = "unavailable";

    /// <summary>An unexpected fault (logged).</summary>
    public const string Internal = "internal";
}
