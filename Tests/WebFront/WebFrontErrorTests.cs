using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansChat.Tests.WebFront;

[Trait("Category", "Integration")]
public sealed class WebFrontErrorTests(WebFrontFixture fixture) : IClassFixture<WebFrontFixture>
{
    private WebFrontServer Server => fixture.Server;

    [Theory]
    [InlineData("not json", "bad_request")]
    [InlineData("[1,2]", "bad_request")]
    [InlineData("{\"room\":\"general\"}", "bad_request")]
    [InlineData("{\"type\":42}", "bad_request")]
    [InlineData("{\"type\":\"dance\"}", "unknown_type")]
    [InlineData("{\"type\":\"join\"}", "bad_request")]
    [InlineData("{\"type\":\"join\",\"room\":7}", "bad_request")]
    [InlineData("{\"type\":\"join\",\"room\":\"general\",\"after\":\"41\"}", "bad_request")]
    [InlineData("{\"type\":\"join\",\"room\":\"General!\"}", "invalid_room")]
    [InlineData("{\"type\":\"join\",\"room\":\"-starts-with-dash\"}", "invalid_room")]
    [InlineData("{\"type\":\"join\",\"room\":\"abcdefghijklmnopqrstuvwxyz0123456\"}", "invalid_room")]
    [InlineData("{\"type\":\"join\",\"room\":\"\"}", "invalid_room")]
    [InlineData("{\"type\":\"send\",\"room\":\"general\",\"text\":\"   \"}", "bad_request")]
    [InlineData("{\"type\":\"send\",\"room\":\"general\",\"text\":5}", "bad_request")]
    [InlineData("{\"type\":\"send\",\"room\":\"general\",\"text\":\"hi\"}", "not_joined")]
    [InlineData("{\"type\":\"leave\",\"room\":\"general\"}", "not_joined")]
    [InlineData("{\"type\":\"history\",\"room\":\"general\",\"limit\":\"many\"}", "bad_request")]
    [InlineData("{\"type\":\"history\",\"room\":\"general\",\"limit\":0}", "bad_request")]
    [InlineData("{\"type\":\"members\",\"room\":\"UPPER\"}", "invalid_room")]
    [InlineData("{\"type\":\"rename\",\"name\":\"\"}", "bad_request")]
    [InlineData("{\"type\":\"rename\",\"name\":\"abcdefghijklmnopqrstuvwxyz0123456\"}", "bad_request")]
    [InlineData("{\"type\":\"rename\",\"name\":\"bell\\u0007\"}", "bad_request")]
    [InlineData("{\"type\":\"rename\"}", "bad_request")]
    public async Task Command_Invalid_ErrorWithCodeAndRefAndSocketStaysOpen(string frame, string code)
    {
        await using var client = await Server.ConnectAsync();
        var withRef = frame.StartsWith('{') ? frame.Insert(1, "\"ref\":\"e1\",") : frame;

        await client.SendAsync(withRef);
        var error = await client.WaitForAsync(f => f.GetProperty("type").GetString() == "error");
        var pong = await client.RequestAsync(new JsonObject { ["type"] = "ping" });

        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        if (frame.StartsWith('{'))
        {
            Assert.Equal("e1", error.GetProperty("ref").GetString());
        }
        Assert.Equal("pong", pong.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Ref_TooLongOrNotString_BadRequestWithoutRef()
    {
        await using var client = await Server.ConnectAsync();

        await client.SendAsync($"{{\"type\":\"ping\",\"ref\":\"{new string('x', 65)}\"}}");
        await client.SendAsync("{\"type\":\"ping\",\"ref\":12}");
        await client.WaitForAsync(f => f.GetProperty("type").GetString() == "error" && client.Frames.Count(x => x.GetProperty("type").GetString() == "error") == 2);

        var errors = client.Frames.Where(f => f.GetProperty("type").GetString() == "error").ToList();
        Assert.All(errors, e => Assert.Equal("bad_request", e.GetProperty("code").GetString()));
        Assert.All(errors, e => Assert.False(e.TryGetProperty("ref", out _)));
    }

    [Fact]
    public async Task Send_TextOverLimit_TooLongAndNothingCommitted()
    {
        var room = WebFrontFixture.NewRoom();
        await using var client = await Server.ConnectAsync();
        await client.JoinAsync(room);

        var tooLong = await client.SendMessageAsync(room, new string('a', 2001));
        var atLimit = await client.SendMessageAsync(room, "  " + new string('b', 2000) + "  ");
        // Sent as raw UTF-8, as a browser's JSON.stringify does: 2000 emoji are 8000 bytes, well within a frame.
        await client.SendAsync($"{{\"type\":\"send\",\"room\":\"{room}\",\"text\":\"{string.Concat(Enumerable.Repeat("😀", 2000))}\",\"ref\":\"emoji\"}}");
        var emoji = await client.WaitForAsync(f => f.TryGetProperty("ref", out var r) && r.GetString() == "emoji");

        Assert.Equal("too_long", tooLong.GetProperty("code").GetString());
        Assert.Equal(2, atLimit.GetProperty("seq").GetInt64());
        Assert.Equal(3, emoji.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Join_OverRoomLimit_TooManyRoomsAndRejoinStillAllowed()
    {
        await using var server = await WebFrontServer.StartAsync(new Dictionary<string, string?> { ["WebFront:MaxRoomsPerConnection"] = "3" });
        await using var client = await server.ConnectAsync();
        var rooms = Enumerable.Range(0, 4).Select(_ => WebFrontFixture.NewRoom()).ToList();
        for (var i = 0; i < 3; i++)
        {
            await client.JoinAsync(rooms[i]);
        }

        var refused = await client.JoinAsync(rooms[3]);
        var rejoin = await client.JoinAsync(rooms[0]);
        await client.LeaveAsync(rooms[1]);
        var afterLeave = await client.JoinAsync(rooms[3]);

        Assert.Equal("too_many_rooms", refused.GetProperty("code").GetString());
        Assert.Equal("room", rejoin.GetProperty("type").GetString());
        Assert.Equal("room", afterLeave.GetProperty("type").GetString());
        Assert.Equal(1, afterLeave.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Default_RoomLimit_Is50()
    {
        await using var server = await WebFrontServer.StartAsync(new Dictionary<string, string?> { ["WebFront:RatePerSecond"] = "10000", ["WebFront:RateBurst"] = "10000" });
        await using var client = await server.ConnectAsync();
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal("room", (await client.JoinAsync(WebFrontFixture.NewRoom())).GetProperty("type").GetString());
        }

        var refused = await client.JoinAsync(WebFrontFixture.NewRoom());

        Assert.Equal("too_many_rooms", refused.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Flood_OverRate_RateLimitedNothingCommittedOthersUnaffected()
    {
        var room = WebFrontFixture.NewRoom();
        await using var flooder = await Server.ConnectAsync();
        await using var bystander = await Server.ConnectAsync();
        await flooder.JoinAsync(room);
        await bystander.JoinAsync(room);

        for (var i = 0; i < 60; i++)
        {
            await flooder.SendAsync($"{{\"type\":\"send\",\"room\":\"{room}\",\"text\":\"flood {i}\",\"ref\":\"f{i}\"}}");
        }
        var replies = new List<JsonElement>();
        for (var i = 0; i < 60; i++)
        {
            var reference = $"f{i}";
            replies.Add(await flooder.WaitForAsync(f => f.TryGetProperty("ref", out var r) && r.GetString() == reference));
        }
        var bystanderAck = await bystander.SendMessageAsync(room, "still here");
        var history = await bystander.RequestAsync(new JsonObject { ["type"] = "history", ["room"] = room, ["limit"] = 200 });

        var acks = replies.Count(r => r.GetProperty("type").GetString() == "ack");
        var limited = replies.Where(r => r.GetProperty("type").GetString() == "error").ToList();
        Assert.InRange(acks, 19, 45);
        Assert.Equal(60 - acks, limited.Count);
        Assert.All(limited, e => Assert.Equal("rate_limited", e.GetProperty("code").GetString()));
        Assert.Equal("ack", bystanderAck.GetProperty("type").GetString());
        var messages = history.GetProperty("events").EnumerateArray().Where(e => e.GetProperty("type").GetString() == "message").ToList();
        Assert.Equal(acks + 1, messages.Count);
    }

    [Fact]
    public async Task Store_Unreachable_UnavailableNothingCommittedThenRecovers()
    {
        var (server, store) = await SwitchableRoomLogStore.StartServerAsync();
        await using var _ = server;
        var room = WebFrontFixture.NewRoom();
        await using var client = await server.ConnectAsync();
        await client.JoinAsync(room);

        var otherRoom = WebFrontFixture.NewRoom();

        store.Unreachable = true;
        var send = await client.SendMessageAsync(room, "lost");
        var join = await client.JoinAsync(otherRoom);
        var ready = await server.Http.GetAsync(new Uri("/readyz", UriKind.Relative));
        store.Unreachable = false;
        var retry = await client.SendMessageAsync(room, "kept");
        var rejoin = await client.JoinAsync(otherRoom);
        var readyAgain = await server.Http.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal("unavailable", send.GetProperty("code").GetString());
        Assert.Equal("unavailable", join.GetProperty("code").GetString());
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(2, retry.GetProperty("seq").GetInt64());
        Assert.Equal(["joined", "message"], Types(await client.RequestAsync(new JsonObject { ["type"] = "history", ["room"] = room })));
        Assert.Equal(1, rejoin.GetProperty("seq").GetInt64());
        Assert.Equal(System.Net.HttpStatusCode.OK, readyAgain.StatusCode);
        Assert.False(client.IsClosed);
    }

    [Fact]
    public async Task Store_Faulty_InternalAndSocketStaysOpen()
    {
        var (server, store) = await SwitchableRoomLogStore.StartServerAsync();
        await using var _ = server;
        var room = WebFrontFixture.NewRoom();
        await using var client = await server.ConnectAsync();
        await client.JoinAsync(room);

        store.Faulty = true;
        var send = await client.SendMessageAsync(room, "boom");
        store.Faulty = false;
        var pong = await client.RequestAsync(new JsonObject { ["type"] = "ping" });

        var retry = await client.SendMessageAsync(room, "fine");

        Assert.Equal("internal", send.GetProperty("code").GetString());
        Assert.Equal("pong", pong.GetProperty("type").GetString());
        Assert.Equal(2, retry.GetProperty("seq").GetInt64());
        Assert.False(client.IsClosed);
    }

    private static IEnumerable<string?> Types(JsonElement history) =>
        history.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString());
}
