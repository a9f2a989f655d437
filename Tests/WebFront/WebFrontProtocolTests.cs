using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrleansChat.Grains;
using OrleansChat.Tests.Support;
using OrleansChat.WebFront.Feeds;

namespace OrleansChat.Tests.WebFront;

[Trait("Category", "Integration")]
public sealed class WebFrontProtocolTests(WebFrontFixture fixture) : IClassFixture<WebFrontFixture>
{
    private WebFrontServer Server => fixture.Server;

    [Fact]
    public async Task Connect_NewClient_WelcomeFirstWithNewUserTokenAndSilo()
    {
        await using var client = await Server.ConnectAsync();

        var welcome = client.Frames[0];
        Assert.Equal("welcome", welcome.GetProperty("type").GetString());
        Assert.True(Guid.TryParseExact(client.UserId, "D", out var id));
        Assert.Equal(7, id.Version);
        Assert.False(string.IsNullOrWhiteSpace(client.UserName));
        Assert.False(string.IsNullOrWhiteSpace(client.Token));
        Assert.Equal(Server.FrontEndId, welcome.GetProperty("silo").GetString());
    }

    [Fact]
    public async Task Join_NewRoom_RepliesRoomWithOwnJoinedAndSelfAsMember()
    {
        var room = WebFrontFixture.NewRoom();
        await using var client = await Server.ConnectAsync();

        var reply = await client.JoinAsync(room);

        Assert.Equal("room", reply.GetProperty("type").GetString());
        Assert.Equal(room, reply.GetProperty("room").GetString());
        Assert.Equal(1, reply.GetProperty("seq").GetInt64());
        Assert.True(reply.GetProperty("recovered").GetBoolean());
        var member = Assert.Single(reply.GetProperty("members").EnumerateArray());
        Assert.Equal(client.UserId, member.GetProperty("id").GetString());
        var joined = Assert.Single(reply.GetProperty("events").EnumerateArray());
        Assert.Equal("joined", joined.GetProperty("type").GetString());
        Assert.Equal(1, joined.GetProperty("seq").GetInt64());
        Assert.Equal(client.UserId, joined.GetProperty("user").GetProperty("id").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", joined.GetProperty("at").GetString());
    }

    [Fact]
    public async Task Join_AlreadyJoined_RepliesRoomAgainWithoutNewEvent()
    {
        var room = WebFrontFixture.NewRoom();
        await using var client = await Server.ConnectAsync();
        await client.JoinAsync(room);

        var again = await client.JoinAsync(room);

        Assert.Equal("room", again.GetProperty("type").GetString());
        Assert.Equal(1, again.GetProperty("seq").GetInt64());
        Assert.Single(again.GetProperty("members").EnumerateArray());
    }

    [Fact]
    public async Task TwoClients_SameRoom_SeeEachOthersJoinedMessageLeftWithConsecutiveSeq()
    {
        var room = WebFrontFixture.NewRoom();
        await using var alice = await Server.ConnectAsync();
        await using var bob = await Server.ConnectAsync();
        await alice.JoinAsync(room);

        var bobRoom = await bob.JoinAsync(room);
        var ack = await alice.SendMessageAsync(room, "  hello bob  ");
        await bob.SendMessageAsync(room, "hi alice");
        await bob.LeaveAsync(room);
        var left = await alice.WaitForEventAsync(room, 5);

        Assert.Equal(2, bobRoom.GetProperty("seq").GetInt64());
        Assert.Equal([alice.UserId, bob.UserId], bobRoom.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Equal(3, ack.GetProperty("seq").GetInt64());
        var events = alice.Events(room);
        Assert.Equal([2L, 3, 4, 5], events.Select(e => e.GetProperty("seq").GetInt64()));
        Assert.Equal(["joined", "message", "message", "left"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal("hello bob", events[1].GetProperty("text").GetString());
        Assert.Equal(bob.UserId, left.GetProperty("user").GetProperty("id").GetString());
        var bobEvents = bob.Events(room);
        Assert.Equal([3L, 4], bobEvents.Select(e => e.GetProperty("seq").GetInt64()));
        Assert.Equal(alice.UserId, bobEvents[0].GetProperty("user").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Send_Joined_AckCarriesSeqAndSenderGetsOwnMessage()
    {
        var room = WebFrontFixture.NewRoom();
        await using var client = await Server.ConnectAsync();
        await client.JoinAsync(room);

        var ack = await client.SendMessageAsync(room, "\t hello \n");
        var own = await client.WaitForEventAsync(room, 2);

        Assert.Equal("ack", ack.GetProperty("type").GetString());
        Assert.Equal(2, ack.GetProperty("seq").GetInt64());
        Assert.Equal("message", own.GetProperty("type").GetString());
        Assert.Equal("hello", own.GetProperty("text").GetString());
        Assert.Equal(client.UserName, own.GetProperty("user").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Leave_Joined_AckWithoutSeqAndNoMoreEvents()
    {
        var room = WebFrontFixture.NewRoom();
        await using var leaver = await Server.ConnectAsync();
        await using var stayer = await Server.ConnectAsync();
        await leaver.JoinAsync(room);
        await stayer.JoinAsync(room);

        var ack = await leaver.LeaveAsync(room);
        await stayer.SendMessageAsync(room, "after you left");
        var ping = await leaver.RequestAsync(new JsonObject { ["type"] = "ping" });

        Assert.Equal("ack", ack.GetProperty("type").GetString());
        Assert.False(ack.TryGetProperty("seq", out _));
        Assert.Equal("pong", ping.GetProperty("type").GetString());
        Assert.DoesNotContain(leaver.Events(room), e => e.GetProperty("type").GetString() == "message");
        await stayer.WaitForAsync(e => e.GetProperty("type").GetString() == "left" && e.GetProperty("user").GetProperty("id").GetString() == leaver.UserId);
    }

    [Fact]
    public async Task Leave_RightAfterSend_EveryEventCommittedBeforeArrivesBeforeTheAck()
    {
        var room = WebFrontFixture.NewRoom();
        await using var other = await Server.ConnectAsync();
        await using var client = await Server.ConnectAsync();
        await other.JoinAsync(room);
        await client.JoinAsync(room);

        var theirs = await other.SendMessageAsync(room, "bye then");
        // Pipelined, as a client that says goodbye and leaves at once: the leave runs right after the send.
        var sending = client.SendMessageAsync(room, "bye all");
        var leaving = client.LeaveAsync(room);
        var ack = await sending;
        var leaveAck = await leaving;

        var leaveRef = leaveAck.GetProperty("ref").GetString();
        var beforeLeaveAck = client.Frames.TakeWhile(f => !f.TryGetProperty("ref", out var r) || r.GetString() != leaveRef).ToList();
        Assert.Equal("ack", leaveAck.GetProperty("type").GetString());
        Assert.Equal([theirs.GetProperty("seq").GetInt64(), ack.GetProperty("seq").GetInt64()],
            beforeLeaveAck.Where(f => f.GetProperty("type").GetString() == "message").Select(f => f.GetProperty("seq").GetInt64()));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Leave_TwoConnectionsOfOneUser_FirstLeaveEmitsNothingLastEmitsLeft(bool firstLeavesByClosing)
    {
        var room = WebFrontFixture.NewRoom();
        await using var watcher = await Server.ConnectAsync();
        await using var tab = await Server.ConnectAsync();
        await using var otherTab = await Server.ConnectAsync(tab.Token);
        await watcher.JoinAsync(room);
        var firstJoin = await tab.JoinAsync(room);
        var secondJoin = await otherTab.JoinAsync(room);

        if (firstLeavesByClosing)
        {
            await tab.CloseAsync();
            await WaitForRoomConnectionsAsync(room, 2);
        }
        else
        {
            Assert.Equal("ack", (await tab.LeaveAsync(room)).GetProperty("type").GetString());
        }
        var probe = await watcher.SendMessageAsync(room, "who is still here?");
        var seenByOtherTab = await otherTab.WaitForEventAsync(room, probe.GetProperty("seq").GetInt64());
        var members = await watcher.RequestAsync(new JsonObject { ["type"] = "members", ["room"] = room });
        await otherTab.LeaveAsync(room);
        var left = await watcher.WaitForAsync(e => e.GetProperty("type").GetString() == "left");

        // The second tab's join and the first tab's leave committed nothing: the probe is the next event.
        Assert.Equal(firstJoin.GetProperty("seq").GetInt64(), secondJoin.GetProperty("seq").GetInt64());
        Assert.Equal(secondJoin.GetProperty("seq").GetInt64() + 1, probe.GetProperty("seq").GetInt64());
        Assert.Equal("message", seenByOtherTab.GetProperty("type").GetString());
        Assert.Equal([watcher.UserId, tab.UserId], members.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Equal(probe.GetProperty("seq").GetInt64() + 1, left.GetProperty("seq").GetInt64());
        Assert.Equal(tab.UserId, left.GetProperty("user").GetProperty("id").GetString());
        Assert.Equal(["joined", "message", "left"], watcher.Events(room).Select(e => e.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task JoinAfter_Reconnect_ReturnsExactlyTheMissedEventsRecovered()
    {
        var room = WebFrontFixture.NewRoom();
        await using var sender = await Server.ConnectAsync();
        await sender.JoinAsync(room);
        var reader = await Server.ConnectAsync();
        var first = await reader.JoinAsync(room);
        await sender.SendMessageAsync(room, "seen");
        var seen = await reader.WaitForEventAsync(room, 3);
        var token = reader.Token;
        await reader.DisposeAsync();
        await sender.WaitForAsync(e => e.GetProperty("type").GetString() == "left");
        await sender.SendMessageAsync(room, "missed 1");
        await sender.SendMessageAsync(room, "missed 2");

        await using var back = await Server.ConnectAsync(token);
        var reply = await back.JoinAsync(room, after: seen.GetProperty("seq").GetInt64());

        Assert.Equal(2, first.GetProperty("seq").GetInt64());
        Assert.Equal(reader.UserId, back.UserId);
        Assert.True(reply.GetProperty("recovered").GetBoolean());
        var events = reply.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal([4L, 5, 6, 7], events.Select(e => e.GetProperty("seq").GetInt64()));
        Assert.Equal(["left", "message", "message", "joined"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(["missed 1", "missed 2"], events.Where(e => e.GetProperty("type").GetString() == "message").Select(e => e.GetProperty("text").GetString()));
        Assert.Equal(7, reply.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task JoinAfter_EventsTrimmed_RecoveredFalse()
    {
        await using var server = await WebFrontServer.StartAsync(new Dictionary<string, string?> { ["Cluster:LogRetention"] = "3" });
        var room = WebFrontFixture.NewRoom();
        await using var client = await server.ConnectAsync();
        await client.JoinAsync(room);
        for (var i = 0; i < 5; i++)
        {
            await client.SendMessageAsync(room, $"m{i}");
        }

        await using var other = await server.ConnectAsync();
        var reply = await other.JoinAsync(room, after: 1);

        Assert.False(reply.GetProperty("recovered").GetBoolean());
        Assert.Equal([5L, 6, 7], reply.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()));
    }

    [Fact]
    public async Task History_BeforeAndLimit_MostRecentOldestFirstCappedAt200()
    {
        await using var server = await WebFrontServer.StartAsync(new Dictionary<string, string?> { ["WebFront:RatePerSecond"] = "10000", ["WebFront:RateBurst"] = "10000" });
        var room = WebFrontFixture.NewRoom();
        await using var client = await server.ConnectAsync();
        await client.JoinAsync(room);
        for (var i = 0; i < 210; i++)
        {
            await client.SendMessageAsync(room, $"m{i}");
        }

        var page = await client.RequestAsync(new JsonObject { ["type"] = "history", ["room"] = room, ["before"] = 40, ["limit"] = 5 });
        var defaulted = await client.RequestAsync(new JsonObject { ["type"] = "history", ["room"] = room });
        var capped = await client.RequestAsync(new JsonObject { ["type"] = "history", ["room"] = room, ["limit"] = 1000 });

        Assert.Equal("history", page.GetProperty("type").GetString());
        Assert.Equal(room, page.GetProperty("room").GetString());
        Assert.Equal([35L, 36, 37, 38, 39], Seqs(page));
        Assert.Equal(Enumerable.Range(162, 50).Select(i => (long)i), Seqs(defaulted));
        Assert.Equal(Enumerable.Range(12, 200).Select(i => (long)i), Seqs(capped));
    }

    [Fact]
    public async Task History_RoomNotJoined_AllowedAndEmptyForNewRoom()
    {
        await using var client = await Server.ConnectAsync();

        var reply = await client.RequestAsync(new JsonObject { ["type"] = "history", ["room"] = WebFrontFixture.NewRoom() });

        Assert.Equal("history", reply.GetProperty("type").GetString());
        Assert.Empty(reply.GetProperty("events").EnumerateArray());
    }

    [Fact]
    public async Task Members_TwoUsersOneWithTwoTabs_ListsEachUserOnce()
    {
        var room = WebFrontFixture.NewRoom();
        await using var alice = await Server.ConnectAsync();
        await using var aliceTab = await Server.ConnectAsync(alice.Token);
        await using var bob = await Server.ConnectAsync();
        await alice.JoinAsync(room);
        await aliceTab.JoinAsync(room);
        await bob.JoinAsync(room);

        var reply = await bob.RequestAsync(new JsonObject { ["type"] = "members", ["room"] = room });

        Assert.Equal("members", reply.GetProperty("type").GetString());
        Assert.Equal([alice.UserId, bob.UserId], reply.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Equal(2, Assert.Single(bob.Frames, f => f.GetProperty("type").GetString() == "room").GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Rename_Valid_ReplyUserAndLaterEventsAndResumeCarryNewName()
    {
        var room = WebFrontFixture.NewRoom();
        var client = await Server.ConnectAsync();
        await client.JoinAsync(room);

        var reply = await client.RequestAsync(new JsonObject { ["type"] = "rename", ["name"] = "  Ada Lovelace  " });
        await client.SendMessageAsync(room, "renamed");
        var message = await client.WaitForAsync(f => f.GetProperty("type").GetString() == "message");
        await client.DisposeAsync();
        await using var resumed = await Server.ConnectAsync(client.Token);

        Assert.Equal("user", reply.GetProperty("type").GetString());
        Assert.Equal("Ada Lovelace", reply.GetProperty("user").GetProperty("name").GetString());
        Assert.Equal(client.UserId, reply.GetProperty("user").GetProperty("id").GetString());
        Assert.Equal("Ada Lovelace", message.GetProperty("user").GetProperty("name").GetString());
        Assert.Equal("Ada Lovelace", resumed.UserName);
        Assert.Equal(client.UserId, resumed.UserId);
    }

    [Fact]
    public async Task PresenceDropped_UserStillConnected_JoinsAgainAndSendsAck()
    {
        var room = WebFrontFixture.NewRoom();
        await using var client = await Server.ConnectAsync();
        await client.JoinAsync(room);

        // What the registry does to a front end whose lease ran out while it was cut off from it.
        await Server.Services.GetRequiredService<IGrainFactory>().GetGrain<IRoomGrain>(room).RemoveFrontEndAsync(Server.FrontEndId);

        var left = await client.WaitForAsync(f => IsEventOf(f, "left", client.UserId));
        var joined = await client.WaitForAsync(f => IsEventOf(f, "joined", client.UserId));
        var ack = await client.SendMessageAsync(room, "still here");
        Assert.Equal(left.GetProperty("seq").GetInt64() + 1, joined.GetProperty("seq").GetInt64());
        Assert.Equal("ack", ack.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Ping_WithRef_PongEchoesRef()
    {
        await using var client = await Server.ConnectAsync();

        var pong = await client.RequestAsync(new JsonObject { ["type"] = "ping", ["ref"] = new string('x', 64) });

        Assert.Equal("pong", pong.GetProperty("type").GetString());
        Assert.Equal(new string('x', 64), pong.GetProperty("ref").GetString());
    }

    /// <summary>
    /// Waits until the server's feed for the room serves <paramref name="count"/> connections: a socket the client
    /// closed has left it only once the server has run its departure, of which the client sees nothing.
    /// </summary>
    private async Task WaitForRoomConnectionsAsync(string room, int count)
    {
        var feeds = Server.Services.GetRequiredService<RoomFeeds>();
        using var timeout = new CancellationTokenSource(ProtocolClient.DefaultTimeout);
        while (feeds.Find(room)?.MemberCount != count)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), timeout.Token);
        }
    }

    private static bool IsEventOf(JsonElement frame, string type, string userId) =>
        frame.GetProperty("type").GetString() == type && frame.GetProperty("user").GetProperty("id").GetString() == userId;

    private static IEnumerable<long> Seqs(JsonElement reply) => reply.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("seq").GetInt64());
}
