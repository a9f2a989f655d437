using System.Diagnostics.Metrics;

namespace OrleansChat.WebFront.Telemetry;

/// <summary>
/// The WebFront's instruments, on the meter <c>OrleansChat.WebFront</c>, named after OpenTelemetry's semantic
/// conventions (Prometheus shows <c>orleanschat.command.duration</c> as <c>orleanschat_command_duration_seconds</c>).
/// Made through <see cref="IMeterFactory"/>, so that several WebFronts in one process (tests) keep separate numbers.
/// No measurement allocates: tags go as value pairs, the socket writer measures once per write, not per frame, and
/// what is queued is read only when the meters are collected.
/// </summary>
public sealed class ChatMetrics
{
    public const string MeterName = "OrleansChat.WebFront";

    /// <summary>The result of a command answered without an error; otherwise the result is the error's code.</summary>
    public const string Ok = "ok";

    /// <summary>The command type of a frame the parser refused (its result says why: <c>bad_request</c>, <c>too_long</c>, ...).</summary>
    public const string Invalid = "invalid";

    private const string CommandType = "orleanschat.command.type";
    private const string CommandResult = "orleanschat.command.result";

    private readonly UpDownCounter<long> _connections;
    private readonly Counter<long> _connectionsOpened;
    private readonly Histogram<double> _commandDuration;
    private readonly Counter<long> _framesSent;
    private readonly Counter<long> _slowConsumerCloses;
    private readonly Counter<long> _gapFilled;

    private readonly Meter _meter;

    public ChatMetrics(IMeterFactory meterFactory)
    {
        var meter = _meter = meterFactory.Create(MeterName);
        _connections = meter.CreateUpDownCounter<long>(
            "orleanschat.connection.count", unit: "{connection}", description: "WebSocket connections open now.");
        _connectionsOpened = meter.CreateCounter<long>(
            "orleanschat.connection.opened", unit: "{connection}", description: "WebSocket connections accepted.");
        _commandDuration = meter.CreateHistogram(
            "orleanschat.command.duration",
            unit: "s",
            description: "Time from a command read to its reply queued, by orleanschat.command.type (join, send, ..., or invalid) "
                + "and orleanschat.command.result (ok, or the error code, e.g. rate_limited).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        _framesSent = meter.CreateCounter<long>(
            "orleanschat.outbound.frames", unit: "{frame}", description: "Frames written to sockets: replies and room events.");
        _slowConsumerCloses = meter.CreateCounter<long>(
            "orleanschat.outbound.slow_consumer_closes", unit: "{connection}", description: "Connections closed with 1008 because their outbound queue was full.");
        _gapFilled = meter.CreateCounter<long>(
            "orleanschat.feed.gap_filled",
            unit: "{event}",
            description: "Events room feeds read from the room log because their stream had not brought them: "
                + "a gap before later events, or the tail after a silo died.");
    }

    public void ConnectionOpened()
    {
        _connectionsOpened.Add(1);
        _connections.Add(1);
    }

    public void ConnectionClosed() => _connections.Add(-1);

    /// <summary>A command's first reply was queued: <paramref name="result"/> is <see cref="Ok"/> or the error code.</summary>
    public void CommandAnswered(string type, string result, TimeSpan duration) =>
        _commandDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>(CommandType, type), new KeyValuePair<string, object?>(CommandResult, result));

    public void FramesSent(int frames) => _framesSent.Add(frames);

    /// <summary>
    /// Reports <paramref name="queued"/> (frames queued for this front end's sockets, read when the meters are
    /// collected: nothing per frame or per write) as <c>orleanschat.outbound.queued</c>.
    /// </summary>
    public void ObserveQueuedFrames(Func<long> queued) =>
        _meter.CreateObservableGauge(
            "orleanschat.outbound.queued",
            queued,
            unit: "{frame}",
            description: "Frames queued for this front end's sockets and not yet written; a connection whose queue reaches "
                + "WebFront__OutboundQueueFrames is closed as a slow consumer.");

    public void SlowConsumerClosed() => _slowConsumerCloses.Add(1);

    public void GapFilled(int events) => _gapFilled.Add(events);
}
