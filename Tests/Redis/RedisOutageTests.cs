using System.Diagnostics;
using System.Net;
using System.Text.Json;
using OrleansChat.Tests.WebFront;
using Xunit.Abstractions;

namespace OrleansChat.Tests.Redis;

/// <summary>Redis crashes (SIGKILL, AOF with appendfsync always) and comes back under two WebFronts; a Redis of this test's own.</summary>
[Trait("Category", "Integration")]
public sealed class RedisOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task RedisDownAndBack_CommandsUnavailableReadyz503ThenEverythingWorksAndNothingAckedIsLost()
    {
        var settings = RedisSettings.For(_redis.ConnectionString, RedisFixture.NewPrefix());
        await using var first = await WebFrontServer.StartAsync(settings);
        await using var second = await WebFrontServer.StartAsync(settings);
        var room = WebFrontFixture.NewRoom();
        await using var alice = await first.ConnectAsync();
        await using var bob = await second.ConnectAsync();
        await alice.JoinAsync(room);
        await bob.JoinAsync(room);
        var acked = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            acked.Add((await alice.SendMessageAsync(room, $"before {i}")).GetProperty("seq").GetInt64());
        }
        await bob.WaitForEventAsync(room, acked[^1]);

        _redis.Kill();
        var downFor = Stopwatch.StartNew();
        var timer = Stopwatch.StartNew();
        var reply = await alice.SendMessageAsync(room, "while down");
        var unavailableAfter = timer.Elapsed;
        var members = await bob.RequestAsync(new System.Text.Json.Nodes.JsonObject { ["type"] = "join", ["room"] = WebFrontFixture.NewRoom() });
        using var readiness = await first.Http.GetAsync("/readyz");

        Assert.Equal(("error", "unavailable"), (reply.GetProperty("type").GetString(), reply.GetProperty("code").GetString()));
        Assert.InRange(unavailableAfter, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.Equal("unavailable", members.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readiness.StatusCode);
        Assert.False(alice.IsClosed);

        // Down for longer than the membership's dead-after time: nobody may be reaped for the silence that everyone shared.
        while (downFor.Elapsed < TimeSpan.FromSeconds(2.5))
        {
            await first.Http.GetAsync("/readyz");
        }
        await _redis.RestartAsync();
        var restarted = Stopwatch.StartNew();
        await WaitUntilReadyAsync(first);
        await WaitUntilReadyAsync(second);
        var readyAfter = restarted.Elapsed;
        var afterReply = await alice.SendMessageAsync(room, "after");
        Assert.Equal("ack", afterReply.GetProperty("type").GetString());
        acked.Add(afterReply.GetProperty("seq").GetInt64());
        var delivered = await bob.WaitForEventAsync(room, acked[^1]);
        var bobReply = await bob.SendMessageAsync(room, "bob after");
        await alice.WaitForEventAsync(room, bobReply.GetProperty("seq").GetInt64());

        Assert.Equal("after", delivered.GetProperty("text").GetString());
        var history = JsonDocument.Parse(await second.Http.GetStringAsync($"/api/rooms/{room}/history")).RootElement.GetProperty("events").EnumerateArray().ToList();
        var seqs = history.Select(e => e.GetProperty("seq").GetInt64()).ToList();
        Assert.All(acked, seq => Assert.Contains(seq, seqs));
        Assert.Equal(Enumerable.Range(1, seqs.Count).Select(s => (long)s), seqs);
        Assert.DoesNotContain(history, e => e.GetProperty("type").GetString() == "left");
        Assert.Equal(acked[^1] + 1, bobReply.GetProperty("seq").GetInt64());
        output.WriteLine($"Redis killed: 'unavailable' after {unavailableAfter.TotalMilliseconds:F0} ms; restarted: both WebFronts ready after {readyAfter.TotalMilliseconds:F0} ms");
    }

    private static async Task WaitUntilReadyAsync(WebFrontServer server)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            using var response = await server.Http.GetAsync("/readyz", timeout.Token);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }
            await Task.Delay(100, timeout.Token);
        }
    }
}
