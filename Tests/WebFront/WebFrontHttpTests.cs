using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OrleansChat.Grains;
using OrleansChat.Grains.Directory;
using OrleansChat.Tests.Support;
using OrleansChat.WebFront.Hosting;

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
    public async Task Rooms_NoParameters_ArrayOfRoomsWithMembersFirst()
    {
        var (occupied, emptied) = (WebFrontFixture.NewRoom(), WebFrontFixture.NewRoom());
        await using var client = await Server.ConnectAsync();
        await client.JoinAsync(emptied);
        await client.LeaveAsync(emptied);
        await client.JoinAsync(occupied);
        await DirectoryAtSeqAsync(Server, (emptied, 2), (occupied, 1));

        var rooms = await GetJsonAsync("/api/rooms");

        // Version 1's answer: a bare array of rooms; each has room, members and seq, and now lastActivity.
        Assert.Equal(JsonValueKind.Array, rooms.ValueKind);
        var names = rooms.EnumerateArray().Select(r => r.GetProperty("room").GetString()).ToList();
        Assert.True(names.IndexOf(occupied) >= 0 && names.IndexOf(occupied) < names.IndexOf(emptied), $"{occupied} (1 member) should come before {emptied} (none)");
        var entry = rooms.EnumerateArray().Single(r => r.GetProperty("room").GetString() == emptied);
        Assert.Equal(0, entry.GetProperty("members").GetInt32());
        Assert.Equal(2, entry.GetProperty("seq").GetInt64());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", entry.GetProperty("lastActivity").GetString());
    }

    [Fact]
    public async Task Rooms_LimitAndCursor_WalkEveryRoomOnceInOrder()
    {
        var rooms = Enumerable.Range(0, 5).Select(_ => WebFrontFixture.NewRoom()).ToList();
        await using var client = await Server.ConnectAsync();
        foreach (var room in rooms)
        {
            await client.JoinAsync(room);
        }
        await client.LeaveAsync(rooms[0]);
        await client.LeaveAsync(rooms[1]);
        await DirectoryAtSeqAsync(Server, [.. rooms.Select((r, i) => (r, i < 2 ? 2L : 1L))]);

        var whole = await GetJsonAsync("/api/rooms?limit=500");
        var pages = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await GetJsonAsync("/api/rooms?limit=2" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            pages.Add(page);
            cursor = page.GetProperty("next").GetString();
        }
        while (cursor is not null);
        var walked = pages.SelectMany(p => p.GetProperty("rooms").EnumerateArray()).Select(r => r.GetProperty("room").GetString()!).ToList();

        Assert.Equal(JsonValueKind.Null, whole.GetProperty("next").ValueKind);
        Assert.All(pages, p => Assert.InRange(p.GetProperty("rooms").GetArrayLength(), 1, 2));
        Assert.Equal(whole.GetProperty("rooms").EnumerateArray().Select(r => r.GetProperty("room").GetString()), walked);
        Assert.Equal(walked.Count, walked.Distinct().Count());
        var ours = walked.Where(rooms.Contains).ToList();
        Assert.Equal(rooms.Order(StringComparer.Ordinal), ours.Order(StringComparer.Ordinal));
        // The three rooms the client is still in come before the two it left.
        Assert.Equal(new[] { rooms[0], rooms[1] }.Order(StringComparer.Ordinal), ours.Skip(3).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=-3")]
    [InlineData("limit=abc")]
    [InlineData("limit=1.5")]
    [InlineData("cursor=not-a-cursor")]
    [InlineData("limit=10&cursor=MS4xLjAuMS5Ob3QtQS1Sb29t")]
    public async Task Rooms_BadLimitOrCursor_400BadRequest(string query)
    {
        using var response = await Server.Http.GetAsync(new Uri("/api/rooms?" + query, UriKind.Relative));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("bad_request", body.RootElement.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Rooms_LimitPastTheCap_Capped()
    {
        var page = await GetJsonAsync("/api/rooms?limit=100000000000");

        Assert.InRange(page.GetProperty("rooms").GetArrayLength(), 0, WebFrontOptions.DefaultRoomListMaxLimit);
    }

    [Fact]
    public async Task Rooms_IdlePastTheListingAge_DropOutUntilJoinedAgainWithTheirHistory()
    {
        // The listing's clock is the test's; the silo keeps the real one.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await WebFrontServer.StartAsync(configure: services => services.AddKeyedSingleton<TimeProvider>(RoomListingClock.Key, clock));
        var (idle, occupied) = (WebFrontFixture.NewRoom(), WebFrontFixture.NewRoom());
        await using var client = await server.ConnectAsync();
        await client.JoinAsync(idle);
        await client.SendMessageAsync(idle, "anyone?");
        await client.LeaveAsync(idle);
        await client.JoinAsync(occupied);
        await DirectoryAtSeqAsync(server, (idle, 3), (occupied, 1));

        clock.Advance(RoomListingOptions.DefaultRoomListingIdleAge + TimeSpan.FromSeconds(1));
        var pastAge = await GetJsonAsync("/api/rooms", server);
        await client.JoinAsync(idle);
        var back = await RoomEntryAtSeqAsync(idle, 4, server);
        var history = await GetJsonAsync($"/api/rooms/{idle}/history", server);

        var listed = pastAge.EnumerateArray().Select(r => r.GetProperty("room").GetString()).ToList();
        Assert.DoesNotContain(idle, listed);
        Assert.Contains(occupied, listed);
        Assert.Equal(1, back.GetProperty("members").GetInt32());
        Assert.Equal(["joined", "message", "left", "joined"], history.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
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
    private Task<JsonElement> RoomEntryAtSeqAsync(string room, long seq) => RoomEntryAtSeqAsync(room, seq, Server);

    private static async Task<JsonElement> RoomEntryAtSeqAsync(string room, long seq, WebFrontServer server)
    {
        using var timeout = new CancellationTokenSource(ProtocolClient.DefaultTimeout);
        while (true)
        {
            var rooms = await GetJsonAsync("/api/rooms", server);
            var entry = rooms.EnumerateArray().FirstOrDefault(r => r.GetProperty("room").GetString() == room);
            if ((entry.ValueKind == JsonValueKind.Object && entry.GetProperty("seq").GetInt64() >= seq) || timeout.IsCancellationRequested)
            {
                Assert.Equal(JsonValueKind.Object, entry.ValueKind);
                return entry;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None);
        }
    }

    /// <summary>
    /// Waits until the directory behind the listing (its order, its idle clock) has heard of each room at its seq:
    /// rooms report after they commit, in the background, while the listing's counts come from the rooms themselves.
    /// </summary>
    private static async Task DirectoryAtSeqAsync(WebFrontServer server, params (string Room, long Seq)[] rooms)
    {
        var directory = server.Services.GetRequiredService<IGrainFactory>().GetGrain<IRoomDirectoryGrain>(0);
        var listed = await Eventually.MatchesAsync(
            async () => (await directory.ListAsync(RoomListingPage.MaxLimit, null)).Rooms,
            page => rooms.All(x => page.Any(r => r.Room == x.Room && r.Seq == x.Seq)));
        Assert.All(rooms, x => Assert.Contains(listed, r => r.Room == x.Room && r.Seq == x.Seq));
    }

    private Task<JsonElement> GetJsonAsync(string path) => GetJsonAsync(path, Server);

    private static async Task<JsonElement> GetJsonAsync(string path, WebFrontServer server)
    {
        var body = await server.Http.GetStringAsync(new Uri(path, UriKind.Relative));
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
