using System.Net.WebSockets;
using Microsoft.Extensions.Options;
using OrleansChat.Protocol;
using OrleansChat.WebFront.Hosting;
using OrleansChat.WebFront.Identity;

namespace OrleansChat.WebFront.Connections;

/// <summary><c>GET /ws</c>: origin check (403 before the upgrade), upgrade, identity, then the connection runs.</summary>
internal static partial class ChatSocketEndpoint
{
    public const string Path = "/ws";

    /// <summary>Wraps the upgrade features of <c>/ws</c> requests; must run before <c>UseWebSockets</c>.</summary>
    public static IApplicationBuilder UseChatSocketStreams(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (context.Request.Path.Equals(Path, StringComparison.Ordinal))
            {
                ConnectionStreamFeature.Install(context);
            }
            return next(context);
        });

    public static IEndpointConventionBuilder MapChatSocket(this IEndpointRouteBuilder endpoints) =>
        endpoints.Map(Path, HandleAsync);

    private static async Task HandleAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ChatSocketEndpoint).FullName!);
        if (!services.GetRequiredService<OriginPolicy>().IsAllowed(context.Request))
        {
            string? origin = context.Request.Headers.Origin;
            LogOriginRefused(logger, origin);
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync("This origin may not open a chat socket.");
            return;
        }
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("Open a WebSocket here.");
            return;
        }
        var options = services.GetRequiredService<IOptions<WebFrontOptions>>().Value;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = options.KeepAliveInterval,
            DangerousEnableCompression = false,
        });
        var stream = context.Features.Get<ConnectionStreamFeature>()?.Stream;
        var connectionServices = services.GetRequiredService<ChatConnectionServices>();
        var registry = connectionServices.Connections;
        if (registry.IsClosing)
        {
            await CloseQuietlyAsync(socket, CloseCodes.GoingAway, "server shutting down");
            return;
        }

        WelcomeReply welcome;
        ChatConnection connection;
        try
        {
            var (user, token) = await services.GetRequiredService<ConnectionIdentity>().ResolveAsync(context.Request.Query["token"], context.RequestAborted);
            welcome = new WelcomeReply(user, token, connectionServices.FrontEnd.Id);
            connection = new ChatConnection(socket, stream, user, connectionServices);
        }
        catch (Exception exception)
        {
            LogIdentityFailed(logger, exception);
            await CloseQuietlyAsync(socket, CloseCodes.InternalError, "identity unavailable");
            return;
        }
        if (!registry.TryAdd(connection))
        {
            await CloseQuietlyAsync(socket, CloseCodes.GoingAway, "server shutting down");
            return;
        }
        try
        {
            await connection.RunAsync(welcome);
        }
        finally
        {
            registry.Remove(connection);
            connection.Dispose();
        }
    }

    private static async Task CloseQuietlyAsync(WebSocket socket, WebSocketCloseStatus status, string reason)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await socket.CloseAsync(status, reason, timeout.Token);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException)
        {
            socket.Abort();
        }
    }

    [LoggerMessage(EventId = 3200, Level = LogLevel.Information, Message = "Refused a socket from origin {Origin}")]
    private static partial void LogOriginRefused(ILogger logger, string? origin);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Error, Message = "Could not establish a connection's identity")]
    private static partial void LogIdentityFailed(ILogger logger, Exception exception);
}
