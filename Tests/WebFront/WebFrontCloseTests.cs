using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using OrleansChat.Tests.Support;

namespace OrleansChat.Tests.WebFront;

[Trait("Category", "Integration")]
public sealed class WebFrontCloseTests(WebFrontFixture fixture) : IClassFixture<WebFrontFixture>
{
    private WebFrontServer Server => fixture.Server;

    [Fact]
    public async Task BinaryFrame_Any_Closes1003()
    {
        await using var client = await Server.ConnectAsync();

        await client.SendAsync(Encoding.UTF8.GetBytes("{\"type\":\"ping\"}"), WebSocketMessageType.Binary);

        Assert.Equal(WebSocketCloseStatus.InvalidMessageType, await client.WaitForCloseAsync());
    }

    [Fact]
    public async Task Frame_OverDefaultLimit_Closes1009_AtLimitAccepted()
    {
        await using var client = await Server.ConnectAsync();
        var prefix = "{\"type\":\"ping\",\"ref\":\"big\",\"pad\":\"";
        var atLimit = prefix + new string('x', 16 * 1024 - prefix.Length - 2) + "\"}";

        var pong = await client.RequestAsync(JsonNode.Parse(atLimit)!.AsObject());
        await client.SendAsync(atLimit.Insert(prefix.Length, "x"));

        Assert.Equal(16 * 1024, Encoding.UTF8.GetByteCount(atLimit));
        Assert.Equal("pong", pong.GetProperty("type").GetString());
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await client.WaitForCloseAsync());
    }

    [Fact]
    public async Task Frame_OverConfiguredLimitInFragments_Closes1009()
    {
        await using var server = await WebFrontServer.StartAsync(new Dictionary<string, string?> { ["WebFront:MaxFrameBytes"] = "1000" });
        await using var client = await server.ConnectAsync();

        for (var i = 0; i < 3; i++)
        {
            await client.Socket.SendAsync(new byte[600], WebSocketMessageType.Text, endOfMessage: false, CancellationToken.None);
        }

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await client.WaitForCloseAsync());
    }

    [Fact]
    public async Task SlowConsumer_StopsReading_Closes1008AndOthersUnaffected()
    {
        await using var server = await StartWithSmallQueuesAsync();
        var room = WebFrontFixture.NewRoom();
        await using var slow = await server.ConnectAsync(receiveBufferBytes: 4096);
        await using var sender = await server.ConnectAsync();
        await using var bystander = await server.ConnectAsync();
        await slow.JoinAsync(room);
        await sender.JoinAsync(room);
        var from = (await bystander.JoinAsync(room)).GetProperty("seq").GetInt64();
        slow.PauseReading();

        // 2000 euro signs: 6 to 12 KB a frame, so the paused socket's kernel buffers fill after a few hundred messages.
        var text = new string('€', 2000);
        var sent = 0;
        var last = 0L;
        while (!await SlowConsumerClosedAsync(server) && sent < 5_000)
        {
            // Room events reach the feed in bursts (one per stream pull): the sender and the bystander read
            // everything, and a batch waits for the sender's own last event, so no burst outgrows their queues.
            var batch = new List<Task<System.Text.Json.JsonElement>>();
            for (var i = 0; i < 8; i++)
            {
                batch.Add(sender.SendMessageAsync(room, text));
            }
            var acks = await Task.WhenAll(batch);
            last = acks.Max(a => a.GetProperty("seq").GetInt64());
            await sender.WaitForEventAsync(room, last);
            sent += batch.Count;
        }
        slow.ResumeReading();

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await slow.WaitForCloseAsync());
        Assert.Equal("pong", (await sender.RequestAsync(new JsonObject { ["type"] = "ping" })).GetProperty("type").GetString());
        var left = await bystander.WaitForAsync(e => e.GetProperty("type").GetString() == "left" && e.GetProperty("user").GetProperty("id").GetString() == slow.UserId);
        Assert.False(sender.IsClosed);
        Assert.False(bystander.IsClosed);
        var seen = bystander.Events(room).Select(e => e.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range((int)from + 1, seen.Count).Select(s => (long)s), seen);
        // The close can land while a batch is in flight, so 'left' may come before the last send: it is in the
        // bystander's one consecutive order, after the slow client joined.
        Assert.Contains(left.GetProperty("seq").GetInt64(), seen);
    }

    [Fact]
    public async Task Burst_LargerThanTheQueue_ReadingClientsGetItWholeAndStayOpen()
    {
        await using var server = await StartWithSmallQueuesAsync();
        var room = WebFrontFixture.NewRoom();
        await using var sender = await server.ConnectAsync();
        await using var reader = await server.ConnectAsync();
        await sender.JoinAsync(room);
        var from = (await reader.JoinAsync(room)).GetProperty("seq").GetInt64();

        // Sent at once, they are committed and published in a few stream items, and a pull hands the feed far more
        // than 32 events in one delivery.
        var acks = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => sender.SendMessageAsync(room, $"burst {i}")));
        var last = acks.Max(a => a.GetProperty("seq").GetInt64());
        await reader.WaitForEventAsync(room, last);

        Assert.False(reader.IsClosed);
        Assert.False(sender.IsClosed);
        Assert.Equal(Enumerable.Range((int)from + 1, (int)(last - from)).Select(s => (long)s), reader.Events(room).Select(e => e.GetProperty("seq").GetInt64()));
        var metrics = await PrometheusScrape.ReadAsync(server.Http);
        Assert.Equal(0, metrics.Value("orleanschat_outbound_slow_consumer_closes_total") ?? 0);
    }

    [Fact]
    public async Task ClientClose_Normal_ServerAnswers1000AndCommitsLeft()
    {
        var room = WebFrontFixture.NewRoom();
        await using var stayer = await Server.ConnectAsync();
        var leaver = await Server.ConnectAsync();
        await stayer.JoinAsync(room);
        await leaver.JoinAsync(room);

        await leaver.CloseAsync();

        Assert.Equal(WebSocketCloseStatus.NormalClosure, leaver.Socket.CloseStatus);
        var left = await stayer.WaitForEventAsync(room, 3);
        Assert.Equal("left", left.GetProperty("type").GetString());
        await leaver.DisposeAsync();
    }

    [Fact]
    public async Task GracefulStop_ClientsInRooms_LeftCommittedThenClosed1001()
    {
        await using var stopping = await WebFrontServer.StartAsync();
        await using var staying = await WebFrontServer.StartAsync(joining: stopping);
        var room = WebFrontFixture.NewRoom();
        await using var leaving = await stopping.ConnectAsync();
        await using var watcher = await staying.ConnectAsync();
        await leaving.JoinAsync(room);
        await watcher.JoinAsync(room);

        await stopping.StopAsync();

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, await leaving.WaitForCloseAsync());
        var left = await watcher.WaitForEventAsync(room, 3);
        Assert.Equal("left", left.GetProperty("type").GetString());
        Assert.Equal(leaving.UserId, left.GetProperty("user").GetProperty("id").GetString());
    }

    /// <summary>A server whose connections queue 32 frames and may send as fast as they like.</summary>
    private static Task<WebFrontServer> StartWithSmallQueuesAsync() => WebFrontServer.StartAsync(new Dictionary<string, string?>
    {
        ["WebFront:OutboundQueueFrames"] = "32",
        ["WebFront:RatePerSecond"] = "100000",
        ["WebFront:RateBurst"] = "100000",
    });

    private static async Task<bool> SlowConsumerClosedAsync(WebFrontServer server)
    {
        var metrics = await PrometheusScrape.ReadAsync(server.Http);
        return metrics.Value("orleanschat_outbound_slow_consumer_closes_total") == 1;
    }
}
