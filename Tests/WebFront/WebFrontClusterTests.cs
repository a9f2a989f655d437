using System.Text.Json;
using OrleansChat.Tests.Support;

namespace OrleansChat.Tests.WebFront;

/// <summary>Two WebFronts of one Orleans cluster: one seq order, presence per front end, resume anywhere.</summary>
[Trait("Category", "Integration")]
public sealed class WebFrontClusterTests(WebFrontClusterFixture cluster) : IClassFixture<WebFrontClusterFixture>
{
    private WebFrontServer First => cluster.First;

    private WebFrontServer Second => cluster.Second;

    [Fact]
    public async Task TwoWebFronts_OneRoom_ClientsSeeEachOtherInOneSeqOrder()
    {
        var room = WebFrontFixture.NewRoom();
        await using var alice = await First.ConnectAsync();
        await using var bob = await Second.ConnectAsync();
        await alice.JoinAsync(room);
        await bob.JoinAsync(room);

        var sends = new List<Task<JsonElement>>();
        for (var i = 0; i < 5; i++)
        {
            sends.Add(alice.SendMessageAsync(room, $"a{i}"));
            sends.Add(bob.SendMessageAsync(room, $"b{i}"));
        }
        await Task.WhenAll(sends);
        await alice.WaitForEventAsync(room, 12);
        await bob.WaitForEventAsync(room, 12);

        Assert.NotEqual(alice.Welcome.GetProperty("silo").GetString(), bob.Welcome.GetProperty("silo").GetString());
        Assert.Equal(Enumerable.Range(2, 11).Select(i => (long)i), Seqs(alice.Events(room)));
        Assert.Equal(Enumerable.Range(3, 10).Select(i => (long)i), Seqs(bob.Events(room)));
        Assert.Equal(alice.Events(room).Skip(1).Select(e => e.GetRawText()), bob.Events(room).Select(e => e.GetRawText()));
    }

    [Fact]
    public async Task Leave_SameUserOnBothWebFronts_FirstLeaveEmitsNothingLastEmitsLeft()
    {
        var room = WebFrontFixture.NewRoom();
        await using var watcher = await First.ConnectAsync();
        await using var here = await First.ConnectAsync();
        await using var there = await Second.ConnectAsync(here.Token);
        await watcher.JoinAsync(room);
        var firstJoin = await here.JoinAsync(room);
        var secondJoin = await there.JoinAsync(room);

        await there.LeaveAsync(room);
        var probe = await watcher.SendMessageAsync(room, "still one member more");
        await here.WaitForEventAsync(room, probe.GetProperty("seq").GetInt64());
        await here.CloseAsync();
        var left = await watcher.WaitForAsync(e => e.GetProperty("type").GetString() == "left");

        Assert.Equal(here.UserId, there.UserId);
        // The second front end's join committed nothing, and neither did its leave: the probe is the next event.
        Assert.Equal(firstJoin.GetProperty("seq").GetInt64(), secondJoin.GetProperty("seq").GetInt64());
        Assert.Equal(secondJoin.GetProperty("seq").GetInt64() + 1, probe.GetProperty("seq").GetInt64());
        Assert.Equal(probe.GetProperty("seq").GetInt64() + 1, left.GetProperty("seq").GetInt64());
        Assert.Equal(here.UserId, left.GetProperty("user").GetProperty("id").GetString());
        Assert.Equal(["joined", "message", "left"], watcher.Events(room).Select(e => e.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task JoinAfter_ReconnectToOtherWebFront_ReturnsExactlyTheMissedEventsThenLive()
    {
        var room = WebFrontFixture.NewRoom();
        await using var sender = await First.ConnectAsync();
        await sender.JoinAsync(room);
        var reader = await First.ConnectAsync();
        await reader.JoinAsync(room);
        var seen = (await sender.SendMessageAsync(room, "seen")).GetProperty("seq").GetInt64();
        await reader.WaitForEventAsync(room, seen);
        await reader.DisposeAsync();
        var left = await sender.WaitForAsync(e => e.GetProperty("type").GetString() == "left");
        var missed = new List<long> { left.GetProperty("seq").GetInt64() };
        for (var i = 0; i < 3; i++)
        {
            missed.Add((await sender.SendMessageAsync(room, $"missed {i}")).GetProperty("seq").GetInt64());
        }

        await using var back = await Second.ConnectAsync(reader.Token);
        var reply = await back.JoinAsync(room, after: seen);
        var live = await sender.SendMessageAsync(room, "live again");
        await back.WaitForEventAsync(room, live.GetProperty("seq").GetInt64());

        Assert.Equal(reader.UserId, back.UserId);
        Assert.NotEqual(reader.Welcome.GetProperty("silo").GetString(), back.Welcome.GetProperty("silo").GetString());
        Assert.True(reply.GetProperty("recovered").GetBoolean());
        var events = reply.GetProperty("events").EnumerateArray().ToList();
        var rejoined = missed[^1] + 1;
        Assert.Equal([.. missed, rejoined], Seqs(events));
        Assert.Equal(["left", "message", "message", "message", "joined"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(rejoined, reply.GetProperty("seq").GetInt64());
        Assert.Equal([rejoined + 1], Seqs(back.Events(room)));
    }

    [Fact]
    public async Task Join_WhileAnotherClientSendsContinuously_ReplyAndLiveEventsNeitherOverlapNorLeaveAHole()
    {
        var room = WebFrontFixture.NewRoom();
        await using var sender = await First.ConnectAsync();
        await sender.JoinAsync(room);
        var joiners = new List<ProtocolClient>();
        try
        {
            using var stop = new CancellationTokenSource();
            var sending = SendContinuouslyAsync(sender, room, stop.Token);
            try
            {
                for (var round = 0; round < 4; round++)
                {
                    // Three joins at once on both front ends (two on one: one feed serves both joins), and a re-join
                    // of a connection already in the room, while messages keep coming.
                    var joining = new List<Task<(ProtocolClient Client, JsonElement Reply)>>();
                    for (var i = 0; i < 3; i++)
                    {
                        joining.Add(ConnectAndJoinAsync((round + i) % 2 == 0 ? First : Second, room));
                    }
                    var rejoin = joiners.Count > 0 ? joiners[round % joiners.Count].JoinAsync(room) : null;
                    var joined = await Task.WhenAll(joining);
                    joiners.AddRange(joined.Select(j => j.Client));
                    if (rejoin is not null)
                    {
                        Assert.Equal("room", (await rejoin).GetProperty("type").GetString());
                    }
                    // More messages before the next round.
                    await sender.WaitForEventAsync(room, joined.Max(j => j.Reply.GetProperty("seq").GetInt64()) + 20);
                }
            }
            finally
            {
                await stop.CancelAsync();
            }
            var sent = await sending;
            var last = (await sender.SendMessageAsync(room, "the end")).GetProperty("seq").GetInt64();
            foreach (var joiner in joiners)
            {
                await joiner.WaitForEventAsync(room, last);
            }

            Assert.True(sent >= 80, $"only {sent} messages were sent while the clients joined");
            foreach (var joiner in joiners)
            {
                AssertGapFreeAcrossReplies(joiner, room, last);
            }
        }
        finally
        {
            foreach (var joiner in joiners)
            {
                await joiner.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// The room as one client saw it: each <c>room</c> reply's events are consecutive and end at its seq; after the
    /// first reply every event is the next seq (none twice, none skipped) up to <paramref name="last"/>; a later
    /// reply (a re-join) comes right after the event at its own seq, so nothing after it is at or below it.
    /// </summary>
    private static void AssertGapFreeAcrossReplies(ProtocolClient client, string room, long last)
    {
        long? next = null;
        var trail = new List<string>();
        foreach (var frame in client.Frames)
        {
            var type = frame.GetProperty("type").GetString();
            if (!frame.TryGetProperty("room", out var name) || name.GetString() != room || !frame.TryGetProperty("seq", out var seqProperty))
            {
                continue;
            }
            var seq = seqProperty.GetInt64();
            trail.Add($"{type![0]}{seq}");
            if (type == "room")
            {
                var recent = Seqs(frame.GetProperty("events").EnumerateArray());
                Assert.Equal(seq, recent[^1]);
                Assert.Equal(Enumerable.Range((int)recent[0], recent.Count).Select(s => (long)s), recent);
                Assert.True(next is null || next - 1 == seq, $"a re-join reply at {seq} came after the event at {next - 1}: {string.Join(' ', trail)}");
                next = seq + 1;
            }
            else if (type is "joined" or "left" or "message")
            {
                Assert.True(next == seq, $"event {seq} came where {next?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "the join reply"} was due: {string.Join(' ', trail)}");
                next++;
            }
        }
        Assert.Equal(last + 1, next);
    }

    /// <summary>
    /// Sends messages four at a time (so the room commits several at once) until stopped, each batch once the previous
    /// one came back through the sender's feed (the pace its front end delivers at); returns how many.
    /// </summary>
    private static async Task<int> SendContinuouslyAsync(ProtocolClient sender, string room, CancellationToken stop)
    {
        var sent = 0;
        while (!stop.IsCancellationRequested)
        {
            var batch = new Task<JsonElement>[4];
            for (var i = 0; i < batch.Length; i++)
            {
                batch[i] = sender.SendMessageAsync(room, $"m{sent + i}");
            }
            var acks = await Task.WhenAll(batch);
            Assert.All(acks, ack => Assert.Equal("ack", ack.GetProperty("type").GetString()));
            sent += batch.Length;
            await sender.WaitForEventAsync(room, acks.Max(ack => ack.GetProperty("seq").GetInt64()));
        }
        return sent;
    }

    private static async Task<(ProtocolClient Client, JsonElement Reply)> ConnectAndJoinAsync(WebFrontServer server, string room)
    {
        var client = await server.ConnectAsync();
        var reply = await client.JoinAsync(room);
        Assert.Equal("room", reply.GetProperty("type").GetString());
        return (client, reply);
    }

    private static List<long> Seqs(IEnumerable<JsonElement> events) => [.. events.Select(e => e.GetProperty("seq").GetInt64())];
}
