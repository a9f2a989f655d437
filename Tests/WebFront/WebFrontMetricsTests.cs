using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OrleansChat.Tests.Support;

namespace OrleansChat.Tests.WebFront;

/// <summary>
/// <c>/metrics</c>: our series beside Orleans', ASP.NET Core's and the runtime's, in Prometheus text from OpenTelemetry's
/// exporter; and <c>Telemetry:Enabled=false</c>, which leaves it all out.
/// </summary>
[Trait("Category", "Integration")]
public sealed class WebFrontMetricsTests
{
    private const int Sends = 3;

    // One token a second after a burst of 20: most of these pings are refused, whatever the machine's speed.
    private const int Pings = 60;

    [Fact]
    public async Task Metrics_AfterTraffic_CountsCommandsFramesAndCommitsBesideOrleansAspNetCoreAndRuntime()
    {
        await using var server = await WebFrontServer.StartAsync(new Dictionary<string, string?> { ["WebFront:RatePerSecond"] = "1" });
        // Another WebFront in this process, idle: a host reports its own meters, not every meter of that name.
        await using var idle = await WebFrontServer.StartAsync();
        var room = WebFrontFixture.NewRoom();
        await using var alice = await server.ConnectAsync();
        await using var bob = await server.ConnectAsync();
        await using var carol = await server.ConnectAsync();

        await alice.JoinAsync(room);
        await bob.JoinAsync(room);
        for (var i = 0; i < Sends; i++)
        {
            await alice.SendMessageAsync(room, $"counted {i}");
        }
        await alice.WaitForEventAsync(room, 2 + Sends);
        await bob.WaitForEventAsync(room, 2 + Sends);
        await alice.SendAsync("not json");
        await alice.WaitForAsync(f => Type(f) == "error");
        for (var i = 0; i < Pings; i++)
        {
            await carol.SendAsync($$"""{"type":"ping","ref":"p{{i}}"}""");
        }
        await carol.WaitForAsync(f => f.TryGetProperty("ref", out var r) && r.GetString() == $"p{Pings - 1}");
        var pongs = carol.Frames.Count(f => Type(f) == "pong");
        var refused = carol.Frames.Count(f => Type(f) == "error" && f.GetProperty("code").GetString() == "rate_limited");
        var framesReceived = alice.Frames.Count + bob.Frames.Count + carol.Frames.Count;

        // A writer counts its frames once the write returned, which can be a moment after the client read them.
        var scrape = await Eventually.MatchesAsync(
            () => PrometheusScrape.ReadAsync(server.Http), s => s.Value("orleanschat_outbound_frames_total") == framesReceived);
        var quiet = await PrometheusScrape.ReadAsync(idle.Http);

        Assert.Equal(framesReceived, scrape.Value("orleanschat_outbound_frames_total"));
        Assert.Equal(Sends, Commands(scrape, "send", "ok"));
        Assert.Equal(2, Commands(scrape, "join", "ok"));
        Assert.Equal(1, Commands(scrape, "invalid", "bad_request"));
        Assert.Equal(Pings, pongs + refused);
        Assert.True(refused > 0, "the burst of pings went over the rate");
        Assert.Equal(pongs, Commands(scrape, "ping", "ok"));
        Assert.Equal(refused, Commands(scrape, "ping", "rate_limited"));
        Assert.Equal(3, scrape.Value("orleanschat_connection_count"));
        Assert.Equal(3, scrape.Value("orleanschat_connection_opened_total"));
        // Every frame the clients received has left its queue.
        Assert.Equal(0, scrape.Value("orleanschat_outbound_queued"));
        // Every join and send went into one of the room's log appends, alone or with others.
        Assert.Equal(2 + Sends, scrape.Value("orleanschat_room_commit_size_sum"));
        Assert.True(scrape.Value("orleanschat_room_commit_duration_seconds_count") >= 1);
        // Orleans' own: the one room activated here; ASP.NET Core's: the three upgraded sockets; the runtime's.
        Assert.Equal(1, scrape.Value("orleans_catalog_activations", ("grain_type", "room")));
        Assert.Equal(3, scrape.Value("kestrel_upgraded_connections"));
        Assert.True(scrape.Value("dotnet_gc_heap_total_allocated_bytes_total") > 0);
        Assert.Null(quiet.Value("orleanschat_connection_opened_total"));
        Assert.Null(quiet.Value("orleans_catalog_activations", ("grain_type", "room")));
    }

    [Fact]
    public async Task Metrics_TelemetryDisabled_NotServedAndChatWorks()
    {
        await using var server = await WebFrontServer.StartAsync(new Dictionary<string, string?> { ["Telemetry:Enabled"] = "false" });
        var room = WebFrontFixture.NewRoom();
        await using var client = await server.ConnectAsync();
        await client.JoinAsync(room);

        var ack = await client.SendMessageAsync(room, "not measured");
        var metrics = await server.Http.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal("ack", Type(ack));
        Assert.Equal(HttpStatusCode.NotFound, metrics.StatusCode);
        Assert.Null(server.Services.GetService<MeterProvider>());
    }

    private static double? Commands(PrometheusScrape scrape, string type, string result) =>
        scrape.Value("orleanschat_command_duration_seconds_count", ("orleanschat_command_type", type), ("orleanschat_command_result", result));

    private static string? Type(JsonElement frame) => frame.GetProperty("type").GetString();
}
