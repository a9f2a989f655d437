using System.Net;
using System.Text.Json;
using OrleansChat.Tests.Support;

namespace OrleansChat.Tests.WebFront;

[Trait("Category", "Integration")]
public sealed class WebFrontHttpTests(WebFrontFixture fixture) : IClassFixture<WebFrontFixture>
{
    private WebFrontServer Server => fixture.Server;

    [Fact]
    public async Task Rooms_AfterJoins_ListsRoomWithUserCountAndSeq()
    {
        var room = WebFrontFixture.NewRoom();
        await using var alice = await Server.ConnectAsync();
        await using var aliceTab = await Server.ConnectAsync(alice.Token);
        await using var bob = await Server.ConnectAsync();
        await alice.JoinAsync(room);
        await aliceTab.JoinAsync(room);
        await bob.JoinAsync(room);
        await bob.SendMessageAsync(room, "hi");

        // The rooms report to the listing after they commit: it catches up within moments.
        var entry = await RoomEntryAtSeqAsync(room, 3);

        Assert.Equal(2, entry.GetProperty("members").GetInt32());
        Assert.Equal(3, entry.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task HistoryAndMembers_Room_MatchTheSocket()
    {
        var room = WebFrontFixture.NewRoom();
        await using var client = await Server.ConnectAsync();
        await client.JoinAsync(room);
        for (var i = 0; i < 4; i++)
        {
            await client.SendMessageAsync(room, $"m{i}");
        }

        var history = await GetJsonAsync($"/api/rooms/{room}/history?before=5&limit=2");
        var all = await GetJsonAsync($"/api/rooms/{room}/history");
        var members = await GetJsonAsync($"/api/rooms/{room}/members");
        var invalid = await Server.Http.GetAsync(new Uri("/api/rooms/NOT_VALID/history", UriKind.Relative));
        var badLimit = await Server.Http.GetAsync(new Uri($"/api/rooms/{room}/history?limit=abc", UriKind.Relative));

        Assert.Equal(room, history.GetProperty("room").GetString());
        Assert.Equal([3L, 4], history.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()));
        Assert.Equal("m1", history.GetProperty("events")[0].GetProperty("text").GetString());
        Assert.Equal(5, all.GetProperty("events").GetArrayLength());
        Assert.Equal(client.UserId, Assert.Single(members.GetProperty("members").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
    }

    [Fact]
    public async Task Cluster_TwoWebFronts_ListsBothActive()
    {
        await using var first = await WebFrontServer.StartAsync();
        await using var second = await WebFrontServer.StartAsync(joining: first);

        var fromFirst = await GetJsonAsync("/api/cluster", first);
        var fromSecond = await GetJsonAsync("/api/cluster", second);

        var silos = fromFirst.GetProperty("silos").EnumerateArray().ToList();
        Assert.Equal(new[] { first.FrontEndId, second.FrontEndId }.Order(StringComparer.Ordinal), silos.Select(s => s.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(silos, s => Assert.Equal("active", s.GetProperty("status").GetString()));
        Assert.All(silos, s => Assert.Matches(@"Z$", s.GetProperty("heartbeat").GetString()));
        Assert.Equal(new[] { $"127.0.0.1:{first.SiloPort}", $"127.0.0.1:{second.SiloPort}" }.Order(StringComparer.Ordinal),
            silos.Select(s => s.GetProperty("address").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(first.FrontEndId, Assert.Single(silos, s => s.GetProperty("self").GetBoolean()).GetProperty("id").GetString());
        var seenBySecond = fromSecond.GetProperty("silos").EnumerateArray().ToList();
        Assert.Equal(silos.Select(s => s.GetProperty("id").GetString()).Order(StringComparer.Ordinal), seenBySecond.Select(s => s.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(second.FrontEndId, Assert.Single(seenBySecond, s => s.GetProperty("self").GetBoolean()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Health_Running_HealthzAndReadyz200()
    {
        var health = await Server.Http.GetAsync(new Uri("/healthz", UriKind.Relative));
        var ready = await Server.Http.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task Root_WebRootWithIndex_ServesIndexHtml()
    {
        var webRoot = Directory.CreateTempSubdirectory("webfront-root");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(webRoot.FullName, "index.html"), "<!doctype html><title>marker-7f3a</title>");
            await using var server = await WebFrontServer.StartAsync(extraArgs: ["--webroot", webRoot.FullName]);

            var page = await server.Http.GetStringAsync(new Uri("/", UriKind.Relative));

            Assert.Contains("marker-7f3a", page, StringComparison.Ordinal);
        }
        finally
        {
            webRoot.Delete(recursive: true);
        }
    }

    /// <summary>The room's entry in <c>/api/rooms</c> once it shows <paramref name="seq"/> (or the last one seen, after a timeout).</summary>
    private async Task<JsonElement> RoomEntryAtSeqAsync(string room, long seq)
    {
        using var timeout = new CancellationTokenSource(ProtocolClient.DefaultTimeout);
        while (true)
        {
            var rooms = await GetJsonAsync("/api/rooms");
            var entry = rooms.EnumerateArray().FirstOrDefault(r => r.GetProperty("room").GetString() == room);
            if ((entry.ValueKind == JsonValueKind.Object && entry.GetProperty("seq").GetInt64() >= seq) || timeout.IsCancellationRequested)
            {
                Assert.Equal(JsonValueKind.Object, entry.ValueKind);
                return entry;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None);
        }
    }

    private Task<JsonElement> GetJsonAsync(string path) => GetJsonAsync(path, Server);

    private static async Task<JsonElement> GetJsonAsync(string path, WebFrontServer server)
    {
        var body = await server.Http.GetStringAsync(new Uri(path, UriKind.Relative));
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
