using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OrleansChat.Silo.Hosting;
using OrleansChat.WebFront.Api;
using OrleansChat.WebFront.Connections;
using OrleansChat.WebFront.Dashboard;
using OrleansChat.WebFront.Health;
using OrleansChat.WebFront.Telemetry;

namespace OrleansChat.WebFront.Hosting;

/// <summary>
/// The WebFront application: a co-hosted Orleans silo (<c>AddChatSilo</c>: in-memory providers on localhost
/// clustering unless configured otherwise) or, with <c>Orleans:Role=Client</c>, an Orleans client of a silo tier
/// (<c>AddChatClient</c>); then <c>/ws</c>, the HTTP API, health checks, metrics, the static UI of <c>wwwroot/</c>
/// and, when enabled, the Orleans Dashboard. <c>Program.cs</c> runs it; tests build it with their own arguments and services.
/// </summary>
public static partial class ChatWebApp
{
    /// <param name="args">Command-line arguments: <c>--urls</c>, <c>--Section:Key=value</c>, <c>--webroot</c>.</param>
    /// <param name="configureServices">Runs before the silo and the WebFront are added, so that what it registers with TryAdd semantics wins.</param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            WebRootPath = FindWebRoot(args),
            ContentRootPath = FindContentRoot(),
        });
        configureServices?.Invoke(builder.Services);
        var asClient = FrontEndOptions.IsClientRole(builder.Configuration[FrontEndOptions.RoleSetting]);
        if (asClient)
        {
            builder.AddChatClient();
        }
        else
        {
            builder.AddChatSilo();
        }
        builder.Services.AddWebFront(asClient);
        builder.AddChatDashboard();
        builder.AddWebFrontTelemetry();

        var app = builder.Build();
        app.UseForwardedHeaders();
        app.UseChatSocketStreams();
        app.UseWebSockets();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseChatDashboard();
        app.MapChatSocket();
        app.MapChatApi();
        app.MapChatHealthChecks();
        app.MapWebFrontMetrics();
        app.Lifetime.ApplicationStarted.Register(() => AnnounceAddress(app));
        return app;
    }

    /// <summary>The web root: <c>wwwroot</c> under the content root, else the one copied beside the assembly (tests run elsewhere).</summary>
    private static string? FindWebRoot(string[] args)
    {
        if (args.Any(a => a.StartsWith("--webroot", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }
        var local = Path.Combine(Directory.GetCurrentDirectory(), "wwwroot");
        var beside = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        return !Directory.Exists(local) && Directory.Exists(beside) ? beside : null;
    }

    /// <summary>
    /// The content root: the current directory when it holds the app's <c>appsettings.json</c>, else the
    /// assembly's directory, so that a host started from elsewhere (tests, scripts) still gets the quiet log levels.
    /// </summary>
    private static string FindContentRoot()
    {
        var current = Directory.GetCurrentDirectory();
        return File.Exists(Path.Combine(current, "appsettings.json")) || !File.Exists(Path.Combine(AppContext.BaseDirectory, "appsettings.json"))
            ? current
            : AppContext.BaseDirectory;
    }

    private static void AnnounceAddress(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var first = addresses.FirstOrDefault() ?? "http://localhost:5000";
        var url = first.Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
            .Replace("://[::]", "://localhost", StringComparison.Ordinal)
            .Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://*", "://localhost", StringComparison.Ordinal);
        var frontEnd = app.Services.GetRequiredService<FrontEnd>().Id;
        LogListening(app.Logger, url, frontEnd);
    }

    [LoggerMessage(EventId = 3400, Level = LogLevel.Information, Message = "OrleansChat is listening on {Url} (silo {SiloId}) — open it in a browser")]
    private static partial void LogListening(ILogger logger, string url, string siloId);
}
