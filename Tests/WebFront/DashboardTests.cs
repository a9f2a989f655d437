using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OrleansChat.Silo.Hosting;
using OrleansChat.Tests.Support;

namespace OrleansChat.Tests.WebFront;

/// <summary>
/// The Orleans Dashboard at <c>/dashboard/</c>: behind the operator credential in Production, absent unless turned
/// on, refused without a credential, open in Development; its data lists the cluster's silos, on a co-hosted front
/// end and on a client front end of a silo tier alike.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DashboardTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    // The UI, its redirect, the JSON it polls and the live log stream: every one of them is the operator's only.
    public static TheoryData<string> DashboardPaths => ["/dashboard", "/dashboard/", "/dashboard/index.min.js", "/dashboard/DashboardCounters", "/dashboard/Trace"];

    [Theory]
    [MemberData(nameof(DashboardPaths))]
    public async Task Dashboard_ProductionAnonymous_401WithBasicChallenge(string path)
    {
        using var response = await GetAsync(fixture.First, path, authorization: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Basic", challenge.Scheme);
        Assert.Empty(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Dashboard_ProductionWrongCredential_401()
    {
        var wrong = new[]
        {
            DashboardFixture.Basic(password: "correct horse battery stapl"),
            DashboardFixture.Basic(password: DashboardFixture.Password + " "),
            DashboardFixture.Basic(username: "Operator"),
            DashboardFixture.Basic(username: "", password: ""),
            new AuthenticationHeaderValue("Basic", "not base64!"),
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String("no colon"u8.ToArray())),
            new AuthenticationHeaderValue("Bearer", "operator"),
        };

        foreach (var authorization in wrong)
        {
            using var response = await GetAsync(fixture.First, "/dashboard/DashboardCounters", authorization);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{authorization} got {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Dashboard_ProductionWithCredential_ServesTheUiAndListsTheClustersSilos()
    {
        using var page = await GetAsync(fixture.First, "/dashboard/", DashboardFixture.Basic());
        var html = await page.Content.ReadAsStringAsync();
        // Both silos, once the dashboard refreshed its counters (once a second) after the second one joined.
        var hosts = await Eventually.MatchesAsync(() => HostsAsync(fixture.First), h => h.Count == 2);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<title>Orleans Dashboard</title>", html, StringComparison.Ordinal);
        Assert.Equal(
            new[] { fixture.First.FrontEndId, fixture.Second.FrontEndId }.Order(StringComparer.Ordinal),
            hosts.Select(h => h.GetProperty("siloAddress").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(hosts, h => Assert.Equal("Active", h.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Dashboard_ProductionNotConfigured_404()
    {
        await using var server = await WebFrontServer.StartAsync();

        foreach (var path in new[] { "/dashboard", "/dashboard/", "/dashboard/DashboardCounters" })
        {
            using var anonymous = await GetAsync(server, path, authorization: null);
            using var withCredential = await GetAsync(server, path, DashboardFixture.Basic());
            Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, withCredential.StatusCode);
        }
    }

    [Theory]
    [InlineData("true", null, null, "without an operator credential")]
    [InlineData("true", "operator", null, "go together")]
    [InlineData(null, null, "secret", "go together")]
    public async Task Dashboard_ProductionMissingCredential_RefusesToStart(string? enabled, string? username, string? password, string message)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Dashboard:Enabled"] = enabled,
            ["Dashboard:Username"] = username,
            ["Dashboard:Password"] = password,
        };

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => WebFrontServer.StartAsync(settings));

        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
        Assert.Contains("Dashboard__", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_DevelopmentWithoutCredential_Open()
    {
        await using var server = await WebFrontServer.StartAsync(environment: "Development");

        using var page = await GetAsync(server, "/dashboard/", authorization: null);
        // The dashboard refreshes its counters once a second: its very first answer may list nothing yet.
        var hosts = await Eventually.MatchesAsync(() => HostsAsync(server, authorization: null), h => h.Count > 0);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(server.FrontEndId, Assert.Single(hosts).GetProperty("siloAddress").GetString());
    }

    [Fact]
    public async Task Dashboard_ClientFrontEnd_ListsTheSiloTier()
    {
        var client = await WebFrontServer.StartAsync(new Dictionary<string, string?>(DashboardFixture.Settings)
        {
            ["Orleans:Role"] = "Client",
            [$"{SiloEndpointOptions.SectionName}:{nameof(SiloEndpointOptions.GatewayPort)}"] = fixture.First.GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"{ChatClusterOptions.SectionName}:{nameof(ChatClusterOptions.ClusterId)}"] = fixture.First.ClusterId,
        });
        await using var _ = client;

        using var anonymous = await GetAsync(client, "/dashboard/", authorization: null);
        var hosts = await Eventually.MatchesAsync(() => HostsAsync(client), h => h.Count == 2);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.StartsWith("client:", client.FrontEndId, StringComparison.Ordinal);
        Assert.Equal(
            new[] { fixture.First.FrontEndId, fixture.Second.FrontEndId }.Order(StringComparer.Ordinal),
            hosts.Select(h => h.GetProperty("siloAddress").GetString()!).Order(StringComparer.Ordinal));
    }

    /// <summary>The silos the dashboard's JSON lists (<c>DashboardCounters.hosts</c>), asked with the credential.</summary>
    private static async Task<List<JsonElement>> HostsAsync(WebFrontServer server) => await HostsAsync(server, DashboardFixture.Basic());

    private static async Task<List<JsonElement>> HostsAsync(WebFrontServer server, AuthenticationHeaderValue? authorization)
    {
        using var response = await GetAsync(server, "/dashboard/DashboardCounters", authorization);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. json.RootElement.GetProperty("hosts").EnumerateArray().Select(h => h.Clone())];
    }

    private static async Task<HttpResponseMessage> GetAsync(WebFrontServer server, string path, AuthenticationHeaderValue? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = authorization;
        // The live log stream never ends by itself: the headers are the answer.
        return await server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }
}
