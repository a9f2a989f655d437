using System.Net.WebSockets;

namespace OrleansChat.Protocol;

/// <summary>The WebSocket close codes the server uses (PROTOCOL.md, Closing).</summary>
public static class CloseCodes
{
    /// <summary>1000: a normal close.</summary>
    public const WebSocketCloseStatus Normal = WebSocketCloseStatus.NormalClosure;

    /// <summary>1001: the silo shuts down; reconnect (to any silo) with the token and <c>join</c>'s <c>after</c>.</summary>
    public const WebSocketCloseStatus GoingAway = WebSocketCloseStatus.EndpointUnavailable;

    /// <summary>1003: a binary frame; the protocol is text only.</summary>
    public const WebSocketCloseStatus BinaryFrame = WebSocketCloseStatus.InvalidMessageType;

    /// <summary>1008: the connection is too slow to take its events (its outbound queue is full).</summary>
    public const WebSocketCloseStatus SlowConsumer = WebSocketCloseStatus.PolicyViolation;

    /// <summary>1009: a frame over the size limit.</summary>
    public const WebSocketCloseStatus FrameTooLarge = WebSocketCloseStatus.MessageTooBig;

    /// <summary>1011: an internal fault.</summary>
    public const WebSocketCloseStatus InternalError = WebSocketCloseStatus.InternalServerError;
}
