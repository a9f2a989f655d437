using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansChat.Grains.Storage;
using OrleansChat.Silo.Hosting;
using OrleansChat.Tests.Support;
using OrleansChat.WebFront.Hosting;

namespace OrleansChat.Tests.WebFront;

/// <summary>
/// A real WebFront in this process: Kestrel on a free loopback port and its co-hosted Orleans silo on free silo and
/// gateway ports of its own (two silos given the same ports both start and then misbehave), in a cluster of its
/// own (a unique <c>Cluster:ClusterId</c>) unless it joins another server's cluster.
/// </summary>
/// <remarks>
/// With the Memory provider every server holds its room log in a <see cref="MemoryRoomLogStore"/> made here, and a
/// server that joins another's cluster (<c>joining</c>) shares that instance, as the silos of a real cluster share Redis.
/// With <c>Cluster:Provider=Redis</c> the settings name the cluster: their <c>Cluster:ClusterId</c>, else their
/// <c>Redis:KeyPrefix</c> (so servers on one test's Redis prefix meet), else a unique one.
/// </remarks>
internal sealed class WebFrontServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;

    private WebFrontServer(WebApplication app, Uri baseUri, string clusterId, int siloPort, int gatewayPort, MemoryRoomLogStore? log)
    {
        _app = app;
        BaseUri = baseUri;
        ClusterId = clusterId;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        SharedLog = log;
        Http = new HttpClient { BaseAddress = baseUri, Timeout = ProtocolClient.DefaultTimeout };
        FrontEndId = app.Services.GetRequiredService<FrontEnd>().Id;
    }

    public Uri BaseUri { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>This front end's id: its silo's, and the <c>silo</c> of every <c>welcome</c> it sends.</summary>
    public string FrontEndId { get; }

    public string ClusterId { get; }

    /// <summary>The silo-to-silo port: another server joins this one's cluster through it.</summary>
    public int SiloPort { get; }

    /// <summary>The gateway port: a client front end (<c>Orleans:Role=Client</c>) of this server's silo connects to it.</summary>
    public int GatewayPort { get; }

    /// <summary>The room log of this server's cluster (Memory provider); null on Redis.</summary>
    public MemoryRoomLogStore? SharedLog { get; }

    /// <param name="settings">Configuration as <c>Section:Key</c>; they win over everything chosen here.</param>
    /// <param name="environment">The host environment (origins: Development allows any localhost).</param>
    /// <param name="extraArgs">More command-line arguments, e.g. <c>--webroot</c>.</param>
    /// <param name="configure">Services registered before the silo's and the WebFront's, so they win (e.g. a store decorator).</param>
    /// <param name="joining">A running server (Memory provider) whose cluster this one joins, sharing its room log.</param>
    public static async Task<WebFrontServer> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null,
        string environment = "Production",
        IEnumerable<string>? extraArgs = null,
        Action<IServiceCollection>? configure = null,
        WebFrontServer? joining = null)
    {
        var given = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var cluster = given.GetSection(ChatClusterOptions.SectionName).Get<ChatClusterOptions>() ?? new ChatClusterOptions();
        var clusterId = given[$"{ChatClusterOptions.SectionName}:{nameof(ChatClusterOptions.ClusterId)}"]
            ?? joining?.ClusterId
            ?? (cluster.IsRedis ? given["Redis:KeyPrefix"] : null)
            ?? "test-" + Guid.NewGuid().ToString("N")[..12];
        var chosen = new Dictionary<string, string?>
        {
            [$"{ChatClusterOptions.SectionName}:{nameof(ChatClusterOptions.ClusterId)}"] = clusterId,
            [$"{SiloEndpointOptions.SectionName}:{nameof(SiloEndpointOptions.SiloPort)}"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"{SiloEndpointOptions.SectionName}:{nameof(SiloEndpointOptions.GatewayPort)}"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (joining is not null)
        {
            chosen[$"{SiloEndpointOptions.SectionName}:{nameof(SiloEndpointOptions.PrimarySiloPort)}"] = joining.SiloPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            chosen[key] = value;
        }
        var siloPort = int.Parse(chosen[$"{SiloEndpointOptions.SectionName}:{nameof(SiloEndpointOptions.SiloPort)}"]!, System.Globalization.CultureInfo.InvariantCulture);
        var gatewayPort = int.Parse(chosen[$"{SiloEndpointOptions.SectionName}:{nameof(SiloEndpointOptions.GatewayPort)}"]!, System.Globalization.CultureInfo.InvariantCulture);

        MemoryRoomLogStore? log = null;
        if (!cluster.IsRedis)
        {
            if (joining is not null && joining.SharedLog is null)
            {
                throw new ArgumentException("Only a Memory provider server can be joined this way.", nameof(joining));
            }
            log = joining?.SharedLog ?? new MemoryRoomLogStore(Options.Create(given.GetSection(RoomLogOptions.SectionName).Get<RoomLogOptions>() ?? new RoomLogOptions()));
        }

        // Warnings and errors only: appsettings.json names categories at Information, which a Default alone would not quiet.
        var args = new List<string>
        {
            "--urls", "http://127.0.0.1:0", "--environment", environment,
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning", "--Logging:LogLevel:OrleansChat=Warning",
        };
        foreach (var (key, value) in chosen)
        {
            args.Add($"--{key}={value}");
        }
        args.AddRange(extraArgs ?? []);
        var app = ChatWebApp.Build([.. args], services =>
        {
            // AddChatSilo keeps a room log registered before it: the one this server's cluster shares.
            if (log is not null)
            {
                services.AddSingleton(log);
            }
            configure?.Invoke(services);
        });
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await app.StartAsync(timeout.Token);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return new WebFrontServer(app, new Uri(app.Urls.First()), clusterId, siloPort, gatewayPort, log);
    }

    /// <summary>The socket address, resuming <paramref name="token"/> when given.</summary>
    public Uri SocketUri(string? token = null) =>
        new($"ws://{BaseUri.Authority}/ws{(token is null ? "" : "?token=" + Uri.EscapeDataString(token))}");

    public Task<ProtocolClient> ConnectAsync(string? token = null, string? origin = null, int? receiveBufferBytes = null) =>
        ProtocolClient.ConnectAsync(SocketUri(token), origin, receiveBufferBytes);

    /// <summary>A graceful stop: leaves committed, sockets closed with 1001, the silo leaves its cluster.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await StopAsync();
    }
}
