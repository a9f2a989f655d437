using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using OrleansChat.Tests.Support;

namespace OrleansChat.Tests.WebFront;

/// <summary>Traces through OpenTelemetry's in-memory exporter: a send is one trace, from its WebSocket command to the room feed's fan-out.</summary>
[Trait("Category", "Integration")]
public sealed class WebFrontTracingTests
{
    [Fact]
    public async Task Send_Traced_OneTraceFromCommandThroughGrainCallAndCommitToFanOut()
    {
        var spans = new SpanCollector();
        await using var server = await WebFrontServer.StartAsync(configure: services =>
            services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(spans)));
        var room = WebFrontFixture.NewRoom();
        await using var alice = await server.ConnectAsync();
        await alice.JoinAsync(room);

        var ack = await alice.SendMessageAsync(room, "traced");

        // Activity sources are process-wide: other tests' spans come too, so this test follows its room's send.
        var command = await spans.WaitForAsync(s => s.DisplayName == "chat send" && Equals(s.GetTagItem("orleanschat.room"), room));
        var fanOut = await spans.WaitForAsync(s => s.DisplayName == "room fan-out" && s.TraceId == command.TraceId);
        var trace = spans.Trace(command.TraceId);
        var call = Assert.Single(trace, s => s.ParentSpanId == command.SpanId);
        var served = Assert.Single(trace, s => s.ParentSpanId == call.SpanId);
        var commit = Assert.Single(trace, s => s.ParentSpanId == served.SpanId);

        Assert.Equal("ack", ack.GetProperty("type").GetString());
        // A trace of its own, not a child of the socket's hours-long upgrade request.
        Assert.Equal(default, command.ParentSpanId);
        Assert.Equal(("OrleansChat.WebFront", ActivityKind.Server), (command.Source.Name, command.Kind));
        Assert.Equal("ok", command.GetTagItem("orleanschat.command.result"));
        // Orleans traces calls of interfaces in namespaces starting with "Orleans" (OrleansChat.Grains does) on its runtime source.
        Assert.Equal(("Microsoft.Orleans.Runtime", ActivityKind.Client), (call.Source.Name, call.Kind));
        Assert.EndsWith("IRoomGrain/SendAsync", call.DisplayName, StringComparison.Ordinal);
        Assert.Equal(("Microsoft.Orleans.Runtime", ActivityKind.Server), (served.Source.Name, served.Kind));
        Assert.Equal(("OrleansChat.Grains", "room commit"), (commit.Source.Name, commit.DisplayName));
        Assert.Equal(commit.SpanId, fanOut.ParentSpanId);
        Assert.Equal(("OrleansChat.WebFront", ActivityKind.Consumer), (fanOut.Source.Name, fanOut.Kind));
        Assert.Equal(1, fanOut.GetTagItem("orleanschat.room.events"));
    }

    [Fact]
    public async Task Tracer_WithOrWithoutOtlpEndpoint_BuiltOnlyWithIt()
    {
        var nowhere = $"http://127.0.0.1:{FreePorts.Next().ToString(CultureInfo.InvariantCulture)}";
        await using var plain = await WebFrontServer.StartAsync();
        await using var exporting = await WebFrontServer.StartAsync(new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = nowhere });

        Assert.Null(plain.Services.GetService<TracerProvider>());
        Assert.NotNull(exporting.Services.GetService<TracerProvider>());
    }
}
