namespace OrleansChat.WebFront.Hosting;

/// <summary>Limits and defaults of the WebSocket protocol (section <c>WebFront</c>); the defaults are PROTOCOL.md's.</summary>
public sealed class WebFrontOptions
{
    public const string SectionName = "WebFront";
    public const int DefaultMaxFrameBytes = 16 * 1024;
    public const int DefaultMaxTextLength = 2000;
    public const int DefaultMaxRoomsPerConnection = 50;
    public const int DefaultRatePerSecond = 10;
    public const int DefaultRateBurst = 20;
    public const int DefaultOutboundQueueFrames = 256;
    public const int DefaultJoinRecentEvents = 50;
    public const int DefaultHistoryMaxLimit = 200;
    public const int DefaultHistoryDefaultLimit = 50;
    public const int DefaultRoomListMaxLimit = 500;
    public const int DefaultRoomListDefaultLimit = 100;
    public static readonly TimeSpan DefaultCloseTimeout = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan DefaultKeepAliveInterval = TimeSpan.FromSeconds(30);

    /// <summary>The largest message a client may send, in bytes; a larger one closes the socket with 1009.</summary>
    public int MaxFrameBytes { get; set; } = DefaultMaxFrameBytes;

    /// <summary>The most characters a message's trimmed text may have (<c>too_long</c> beyond).</summary>
    public int MaxTextLength { get; set; } = DefaultMaxTextLength;

    /// <summary>How many rooms one connection may be in at once (<c>too_many_rooms</c> beyond).</summary>
    public int MaxRoomsPerConnection { get; set; } = DefaultMaxRoomsPerConnection;

    /// <summary>Commands per second a connection may sustain (<c>rate_limited</c> beyond).</summary>
    public int RatePerSecond { get; set; } = DefaultRatePerSecond;

    /// <summary>Commands a connection may send at once before the rate applies.</summary>
    public int RateBurst { get; set; } = DefaultRateBurst;

    /// <summary>Frames queued for a connection before it is closed with 1008 as too slow.</summary>
    public int OutboundQueueFrames { get; set; } = DefaultOutboundQueueFrames;

    /// <summary>Origins allowed besides the server's own (and, in Development, any localhost origin); <c>*</c> allows every origin.</summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>How many recent events a <c>join</c> without <c>after</c> replies with.</summary>
    public int JoinRecentEvents { get; set; } = DefaultJoinRecentEvents;

    /// <summary>The cap on <c>history</c>'s <c>limit</c>.</summary>
    public int HistoryMaxLimit { get; set; } = DefaultHistoryMaxLimit;

    /// <summary>The <c>limit</c> of a <c>history</c> that gives none.</summary>
    public int HistoryDefaultLimit { get; set; } = DefaultHistoryDefaultLimit;

    /// <summary>The cap on <c>/api/rooms</c>' <c>limit</c> (at most the directory's page bound, 1000).</summary>
    public int RoomListMaxLimit { get; set; } = DefaultRoomListMaxLimit;

    /// <summary>The rooms of an <c>/api/rooms</c> that gives no <c>limit</c> (the bare call of version 1 included).</summary>
    public int RoomListDefaultLimit { get; set; } = DefaultRoomListDefaultLimit;

    /// <summary>How long a closing socket may take to deliver its close frame and hear the client's before it is aborted.</summary>
    public TimeSpan CloseTimeout { get; set; } = DefaultCloseTimeout;

    /// <summary>How often an idle socket is pinged (keeps proxies from dropping it).</summary>
    public TimeSpan KeepAliveInterval { get; set; } = DefaultKeepAliveInterval;
}
