using System.Diagnostics;
using System.Diagnostics.Metrics;
using OrleansChat.Protocol;

namespace OrleansChat.WebFront.Metrics;

/// <summary>
/// The WebFront's instruments (meter <c>OrleansChat.WebFront</c>), named as Prometheus shows them. Created
/// through <see cref="IMeterFactory"/>, so several WebFronts in one process (tests) keep separate numbers.
/// </summary>
public sealed class ChatMetrics
{
    public const string MeterName = "OrleansChat.WebFront";

    private readonly Counter<long> _connectionsOpened;
    private readonly UpDownCounter<long> _connections;
    private readonly Counter<long> _messagesIn;
    private readonly Counter<long> _messagesOut;
    private readonly Counter<long> _commits;
    private readonly Histogram<double> _commitLatency;
    private readonly Counter<long> _errors;
    private readonly Counter<long> _slowConsumerCloses;
    private readonly Counter<long> _closes;

    public ChatMetrics(IMeterFactory meterFactory)
    {
        Meter = meterFactory.Create(MeterName);
        _connectionsOpened = Meter.CreateCounter<long>("orleanschat_connections_opened", description: "WebSocket connections accepted.");
        _connections = Meter.CreateUpDownCounter<long>("orleanschat_connections", description: "WebSocket connections open now.");
        _messagesIn = Meter.CreateCounter<long>("orleanschat_messages_in", description: "Frames received from clients.");
        _messagesOut = Meter.CreateCounter<long>("orleanschat_messages_out", description: "Frames sent to clients (replies and room events).");
        _commits = Meter.CreateCounter<long>("orleanschat_commits", description: "Commands that committed to the cluster store (join, leave, send, rename), by command.");
        _commitLatency = Meter.CreateHistogram<double>("orleanschat_commit_latency", unit: "s", description: "Time from a committing command to its commit, by command.");
        _errors = Meter.CreateCounter<long>("orleanschat_errors", description: "Error replies, by code.");
        _slowConsumerCloses = Meter.CreateCounter<long>("orleanschat_slow_consumer_closes", description: "Connections closed with 1008 because their outbound queue was full.");
        _closes = Meter.CreateCounter<long>("orleanschat_closes", description: "Connections closed by the server, by close code.");
    }

    public Meter Meter { get; }

    /// <summary>Reports every error code from the start, so that a rate over them is defined before the first error.</summary>
    public void Prime()
    {
        foreach (var code in ErrorCodes.All)
        {
            _errors.Add(0, new KeyValuePair<string, object?>("code", code));
        }
        _slowConsumerCloses.Add(0);
        _connections.Add(0);
        _connectionsOpened.Add(0);
        _messagesIn.Add(0);
        _messagesOut.Add(0);
    }

    public void ConnectionOpened()
    {
        _connectionsOpened.Add(1);
        _connections.Add(1);
    }

    public void ConnectionClosed() => _connections.Add(-1);

    public void MessageIn() => _messagesIn.Add(1);

    public void MessagesOut(int count) => _messagesOut.Add(count);

    public void Committed(string command, TimeSpan latency)
    {
        var tag = new KeyValuePair<string, object?>("command", command);
        _commits.Add(1, tag);
        _commitLatency.Record(latency.TotalSeconds, tag);
    }

    public void Error(string code) => _errors.Add(1, new KeyValuePair<string, object?>("code", code));

    public void SlowConsumerClosed() => _slowConsumerCloses.Add(1);

    public void Closed(int closeCode) => _closes.Add(1, new KeyValuePair<string, object?>("code", closeCode));

    /// <summary>A timestamp to measure a commit's latency from.</summary>
    public static long Start() => Stopwatch.GetTimestamp();
}
