using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OrleansChat.Runtime.Hosting;
using OrleansChat.Silo.Hosting;
using OrleansChat.WebFront.Api;
using OrleansChat.WebFront.Connections;
using OrleansChat.WebFront.Metrics;

namespace OrleansChat.WebFront.Hosting;

/// <summary>
/// The WebFront application: a silo (in-memory providers unless configured otherwise), <c>/ws</c>, the HTTP API,
/// health, metrics and the static UI of <c>wwwroot/</c>. <c>Program.cs</c> runs it; tests build it with their own
/// URLs and services (shared in-memory providers make several WebFronts one cluster).
/// </summary>
public static partial class ChatWebApp
{
    /// <param name="args">Command-line arguments: <c>--urls</c>, <c>--Section:Key=value</c>, <c>--webroot</c>.</param>
    /// <param name="configureServices">Runs before the silo is added, so what it registers wins (e.g. <c>AddMemoryProviders(shared)</c>).</param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, WebRootPath = FindWebRoot(args) });
        configureServices?.Invoke(builder.Services);
        builder.Services.AddChatSilo(builder.Configuration);
        builder.Services.AddWebFront();
        builder.Services.PostConfigure<SiloOptions>(options =>
        {
            if (string.IsNullOrEmpty(options.Address))
            {
                options.Address = builder.Configuration["urls"] ?? "http://localhost:5000";
            }
        });

        var app = builder.Build();
        // Listening from the start, so that /metrics counts everything.
        app.Services.GetRequiredService<PrometheusExporter>();
        app.UseForwardedHeaders();
        app.UseChatSocketStreams();
        app.UseWebSockets();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapChatSocket();
        app.MapChatApi();
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

    private static void AnnounceAddress(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var first = addresses.FirstOrDefault() ?? "http://localhost:5000";
        var url = first.Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
            .Replace("://[::]", "://localhost", StringComparison.Ordinal)
            .Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://*", "://localhost", StringComparison.Ordinal);
        var silo = app.Services.GetRequiredService<SiloDetails>().SiloId;
        LogListening(app.Logger, url, silo);
    }

    [LoggerMessage(EventId = 3400, Level = LogLevel.Information, Message = "OrleansChat is listening on {Url} (silo {SiloId}) — open it in a browser")]
    private static partial void LogListening(ILogger logger, string url, string siloId);
}
