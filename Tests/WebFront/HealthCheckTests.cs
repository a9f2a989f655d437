using System.Net;
using System.Text.Json;
using OrleansChat.Silo.Hosting;
using OrleansChat.Tests.Support;

namespace OrleansChat.Tests.WebFront;

/// <summary><c>/healthz</c> and <c>/readyz</c> as a load balancer or an orchestrator reads them: status code and JSON.</summary>
[Trait("Category", "Integration")]
public sealed class HealthCheckTests(WebFrontFixture fixture) : IClassFixture<WebFrontFixture>
{
    private static readonly string[] ReadinessChecks = ["lifetime", "cluster", "streams", "store"];

    [Fact]
    public async Task Healthz_Running_200WithTheProcessCheck()
    {
        var (status, body) = await GetAsync(fixture.Server, "/healthz");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Equal(fixture.Server.FrontEndId, body.GetProperty("silo").GetString());
        var check = Assert.Single(body.GetProperty("checks").EnumerateArray());
        Assert.Equal("process", check.GetProperty("name").GetString());
        Assert.Equal("healthy", check.GetProperty("status").GetString());
        Assert.False(body.TryGetProperty("reason", out _));
    }

    [Fact]
    public async Task Readyz_Running_200WithEveryCheckHealthyInOrder()
    {
        var (status, body) = await GetAsync(fixture.Server, "/readyz");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Equal(fixture.Server.FrontEndId, body.GetProperty("silo").GetString());
        var checks = body.GetProperty("checks").EnumerateArray().ToList();
        Assert.Equal(ReadinessChecks, checks.Select(c => c.GetProperty("name").GetString()));
        Assert.All(checks, c => Assert.Equal("healthy", c.GetProperty("status").GetString()));
        Assert.Equal("silo active", checks[1].GetProperty("description").GetString());
    }

    [Fact]
    public async Task Readyz_StoreUnreachable_503NamesTheStoreThenRecovers()
    {
        var (server, store) = await SwitchableRoomLogStore.StartServerAsync();
        await using var _ = server;

        store.Unreachable = true;
        var (downStatus, down) = await GetAsync(server, "/readyz");
        var (aliveStatus, _) = await GetAsync(server, "/healthz");
        store.Unreachable = false;
        var (upStatus, up) = await GetAsync(server, "/readyz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, downStatus);
        Assert.Equal("unavailable", down.GetProperty("status").GetString());
        Assert.Equal("store unreachable", down.GetProperty("reason").GetString());
        Assert.Equal(
            ["healthy", "healthy", "healthy", "unhealthy"],
            down.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("status").GetString()));
        Assert.Equal(HttpStatusCode.OK, aliveStatus);
        Assert.Equal(HttpStatusCode.OK, upStatus);
        Assert.Equal("ok", up.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Readyz_ClientFrontEndLosesItsSilo_503NamesTheCluster()
    {
        await using var silo = await WebFrontServer.StartAsync();
        await using var client = await WebFrontServer.StartAsync(new Dictionary<string, string?>
        {
            ["Orleans:Role"] = "Client",
            [$"{SiloEndpointOptions.SectionName}:{nameof(SiloEndpointOptions.GatewayPort)}"] = silo.GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"{ChatClusterOptions.SectionName}:{nameof(ChatClusterOptions.ClusterId)}"] = silo.ClusterId,
        });
        var (readyStatus, ready) = await Eventually.MatchesAsync(() => GetAsync(client, "/readyz"), r => r.Status == HttpStatusCode.OK);

        await silo.StopAsync();
        var (lostStatus, lost) = await Eventually.MatchesAsync(() => GetAsync(client, "/readyz"), r => r.Status != HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.OK, readyStatus);
        Assert.Equal("gateway connected", ready.GetProperty("checks")[1].GetProperty("description").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, lostStatus);
        Assert.Equal("no gateway reachable", lost.GetProperty("reason").GetString());
        var cluster = lost.GetProperty("checks")[1];
        Assert.Equal("cluster", cluster.GetProperty("name").GetString());
        Assert.Equal("unhealthy", cluster.GetProperty("status").GetString());
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(WebFrontServer server, string path)
    {
        using var response = await server.Http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, json.RootElement.Clone());
    }
}
