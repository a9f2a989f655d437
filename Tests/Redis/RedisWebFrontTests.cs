using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansChat.Tests.Support;
using OrleansChat.Tests.WebFront;
using Xunit.Abstractions;

namespace OrleansChat.Tests.Redis;

/// <summary>Several WebFronts in this process on one real Redis, with clients over real sockets.</summary>
[Trait("Category", "Integration")]
[Collection(RedisCollection.Name)]
public sealed class RedisWebFrontTests(RedisFixture redis, ITestOutputHelper output)
{
    [Fact]
    public async Task ThreeWebFronts_ClientsSpreadOverThem_SameEventsInTheSameOrderEverywhere()
    {
        var settings = RedisSettings.For(redis.ConnectionString, RedisFixture.NewPrefix());
        var servers = new List<WebFrontServer>();
        var clients = new List<ProtocolClient>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                servers.Add(await WebFrontServer.StartAsync(settings));
            }
            var room = WebFrontFixture.NewRoom();
            var joinedAt = new List<long>();
            for (var i = 0; i < 6; i++)
            {
                var client = await servers[i % 3].ConnectAsync();
                clients.Add(client);
                joinedAt.Add((await client.JoinAsync(room)).GetProperty("seq").GetInt64());
            }

            const int PerClient = 15;
            var acks = await Task.WhenAll(clients.SelectMany(c => Enumerable.Range(0, PerClient).Select(i => c.SendMessageAsync(room, $"{c.UserName} {i}"))));
            var last = clients.Count + (clients.Count * PerClient);
            foreach (var client in clients)
            {
                await client.WaitForEventAsync(room, last, TimeSpan.FromSeconds(20));
            }

            Assert.All(acks, a => Assert.Equal("ack", a.GetProperty("type").GetString()));
            Assert.Equal(clients.Count * PerClient, acks.Select(a => a.GetProperty("seq").GetInt64()).Distinct().Count());
            Assert.Equal(3, clients.Select(c => c.Welcome.GetProperty("silo").GetString()).Distinct().Count());
            var reference = clients[0].Events(room).ToDictionary(e => e.GetProperty("seq").GetInt64(), e => e.GetRawText());
            for (var i = 0; i < clients.Count; i++)
            {
                var events = clients[i].Events(room);
                Assert.Equal(Enumerable.Range((int)joinedAt[i] + 1, last - (int)joinedAt[i]).Select(s => (long)s), events.Select(e => e.GetProperty("seq").GetInt64()));
                Assert.All(events.Where(e => reference.ContainsKey(e.GetProperty("seq").GetInt64())),
                    e => Assert.Equal(reference[e.GetProperty("seq").GetInt64()], e.GetRawText()));
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task WebFrontKilled_FiveTimes_AckedKeptLeftOnlyForUsersThereAndReconnectRecoversTheMissedEvents()
    {
        var settings = RedisSettings.For(redis.ConnectionString, RedisFixture.NewPrefix());
        await using var survivor = await WebFrontServer.StartAsync(settings);
        var room = WebFrontFixture.NewRoom();
        await using var watcher = await survivor.ConnectAsync();
        await watcher.JoinAsync(room);
        var acked = new List<long>();
        var leftUsers = new List<string>();
        var failovers = new List<TimeSpan>();

        for (var round = 1; round <= 5; round++)
        {
            var doomed = await WebFrontServer.StartAsync(settings);
            var victim = await doomed.ConnectAsync();
            // The watcher's user also has a tab on the doomed silo: it stays a member when that silo dies.
            var watcherTab = await doomed.ConnectAsync(watcher.Token);
            await watcherTab.JoinAsync(room);
            await victim.JoinAsync(room);
            for (var i = 0; i < 5; i++)
            {
                acked.Add((await victim.SendMessageAsync(room, $"round {round} message {i}")).GetProperty("seq").GetInt64());
            }
            var lastSeen = (await victim.WaitForEventAsync(room, acked[^1])).GetProperty("seq").GetInt64();
            // Sends in flight while the silo dies: those acked must survive; the others may or may not.
            for (var i = 0; i < 10; i++)
            {
                await victim.SendAsync(new JsonObject { ["type"] = "send", ["room"] = room, ["text"] = $"round {round} dying {i}", ["ref"] = $"dying-{i}" }.ToJsonString());
            }

            var killed = Stopwatch.StartNew();
            await doomed.KillAsync();
            var left = await watcher.WaitForAsync(f => f.GetProperty("type").GetString() == "left" && f.GetProperty("room").GetString() == room
                && f.GetProperty("user").GetProperty("id").GetString() == victim.UserId, TimeSpan.FromSeconds(10));
            failovers.Add(killed.Elapsed);
            leftUsers.Add(victim.UserId);
            acked.AddRange(victim.Frames.Where(f => f.GetProperty("type").GetString() == "ack" && f.TryGetProperty("seq", out _)
                && f.GetProperty("ref").GetString()!.StartsWith("dying-", StringComparison.Ordinal)).Select(f => f.GetProperty("seq").GetInt64()));
            await victim.DisposeAsync();
            await watcherTab.DisposeAsync();

            // The dead silo's client reconnects, through another silo, as the same user, from the last seq it saw.
            await using var resumed = await survivor.ConnectAsync(victim.Token);
            var reply = await resumed.JoinAsync(room, after: lastSeen);
            var replySeq = reply.GetProperty("seq").GetInt64();
            var missed = reply.GetProperty("events").EnumerateArray().ToList();

            Assert.Equal(victim.UserId, resumed.UserId);
            Assert.True(reply.GetProperty("recovered").GetBoolean());
            Assert.Equal(Enumerable.Range((int)lastSeen + 1, (int)(replySeq - lastSeen)).Select(s => (long)s), missed.Select(e => e.GetProperty("seq").GetInt64()));
            Assert.Contains(missed, e => e.GetRawText() == left.GetRawText());
            var history = await HistoryAsync(survivor, room);
            Assert.Equal(history.Where(e => e.GetProperty("seq").GetInt64() > lastSeen && e.GetProperty("seq").GetInt64() <= replySeq).Select(e => e.GetRawText()),
                missed.Select(e => e.GetRawText()));
            await resumed.LeaveAsync(room);
        }

        var log = await HistoryAsync(survivor, room);
        var seqs = log.Select(e => e.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(1, seqs.Count).Select(s => (long)s), seqs);
        Assert.All(acked, seq => Assert.Contains(seq, seqs));
        var leftEvents = log.Where(e => e.GetProperty("type").GetString() == "left").Select(e => e.GetProperty("user").GetProperty("id").GetString()).ToList();
        // Each victim left twice: once reaped with its dead silo, once leaving after its resume; the watcher never.
        Assert.Equal(leftUsers.SelectMany(u => new[] { u, u }).Order(), leftEvents.Order());
        Assert.DoesNotContain(watcher.UserId, leftEvents);
        output.WriteLine($"kill -> left seen by a client of another WebFront (heartbeat 200 ms, dead after 1 s): {string.Join(", ", failovers.Select(f => $"{f.TotalMilliseconds:F0} ms"))}");
    }

    private static async Task<List<JsonElement>> HistoryAsync(WebFrontServer server, string room)
    {
        var response = await server.Http.GetStringAsync($"/api/rooms/{room}/history?limit=200");
        return JsonDocument.Parse(response).RootElement.GetProperty("events").EnumerateArray().ToList();
    }
}
