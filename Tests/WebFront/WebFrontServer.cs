using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OrleansChat.Runtime.Hosting;
using OrleansChat.Runtime.Memory;
using OrleansChat.Tests.Support;
using OrleansChat.WebFront.Hosting;

namespace OrleansChat.Tests.WebFront;

/// <summary>
/// A real WebFront: Kestrel on a free loopback port, its own silo on in-memory providers, or on
/// providers shared with other WebFronts to make one cluster.
/// </summary>
internal sealed class WebFrontServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;

    private WebFrontServer(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
        Http = new HttpClient { BaseAddress = baseUri, Timeout = ProtocolClient.DefaultTimeout };
    }

    public Uri BaseUri { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public string SiloId => Services.GetRequiredService<SiloDetails>().SiloId;

    public static async Task<WebFrontServer> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null,
        MemoryProviders? providers = null,
        string environment = "Production",
        IEnumerable<string>? extraArgs = null,
        Action<IServiceCollection>? configure = null)
    {
        var args = new List<string> { "--urls", "http://127.0.0.1:0", "--environment", environment, "--Logging:LogLevel:Default=Warning" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            args.Add($"--{key}={value}");
        }
        args.AddRange(extraArgs ?? []);
        var app = ChatWebApp.Build([.. args], services =>
        {
            if (providers is not null)
            {
                services.AddMemoryProviders(providers);
            }
            configure?.Invoke(services);
        });
        await app.StartAsync();
        return new WebFrontServer(app, new Uri(app.Urls.First()));
    }

    /// <summary>The socket address, resuming <paramref name="token"/> when given.</summary>
    public Uri SocketUri(string? token = null) =>
        new($"ws://{BaseUri.Authority}/ws{(token is null ? "" : "?token=" + Uri.EscapeDataString(token))}");

    public Task<ProtocolClient> ConnectAsync(string? token = null, string? origin = null, int? receiveBufferBytes = null) =>
        ProtocolClient.ConnectAsync(SocketUri(token), origin, receiveBufferBytes);

    /// <summary>A graceful stop: leaves committed, sockets closed with 1001.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Kills the silo: sockets dropped, nothing committed, heartbeats stop.</summary>
    public async Task KillAsync()
    {
        _stopped = true;
        Services.GetRequiredService<SiloLifetime>().Kill();
        await _app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await StopAsync();
    }
}
