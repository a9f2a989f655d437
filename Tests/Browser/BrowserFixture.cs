using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OrleansChat.Tests.WebFront;
using OrleansChat.WebFront.Connections;

namespace OrleansChat.Tests.Browser;

/// <summary>
/// One WebFront on a free loopback port and one headless Debian Chromium, shared by the
/// browser tests; every page gets its own browser context, so its own identity.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private WebFrontServer? _server;

    /// <summary>The shared server's base address, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Server => _server!.BaseUri;

    internal WebFrontServer SharedServer => _server!;

    public async Task InitializeAsync()
    {
        // The package's driver runs offline; the browser is the system's, never a download.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        // Two shared cores in CI: give page expectations more room than the 5 s default.
        Assertions.SetDefaultExpectTimeout(10_000);
        var server = StartServerAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
        _server = await server;
    }

    /// <summary>A WebFront serving the UI from the source tree's <c>WebFront/wwwroot</c>.</summary>
    internal static Task<WebFrontServer> StartServerAsync() =>
        WebFrontServer.StartAsync(extraArgs: ["--webroot", Path.Combine(Artifacts.RepositoryRoot, "WebFront", "wwwroot")]);

    /// <summary>
    /// A fresh page (new context: empty storage, so a new user) at desktop or phone size; with <paramref name="credentials"/>,
    /// it answers HTTP Basic challenges with them, as an operator typing them into the browser's prompt.
    /// </summary>
    internal async Task<ChatPage> NewPageAsync(ViewportSize? viewport = null, bool phone = false, HttpCredentials? credentials = null)
    {
        var context = await _browser!.NewContextAsync(new()
        {
            HttpCredentials = credentials,
            ViewportSize = viewport ?? new() { Width = 1280, Height = 800 },
            IsMobile = phone,
            HasTouch = phone,
            DeviceScaleFactor = phone ? 2 : 1,
            Locale = "en-US",
            ColorScheme = ColorScheme.Light,
        });
        context.SetDefaultTimeout(10_000);
        var page = await context.NewPageAsync();
        return new ChatPage(context, page);
    }

    /// <summary>Cuts every socket of a user on the shared server, as a network failure would.</summary>
    internal int AbortConnections(string userId) =>
        _server!.Services.GetRequiredService<ChatConnections>().AbortUser(userId);

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
