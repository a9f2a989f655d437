using Microsoft.Extensions.Options;
using OrleansChat.WebFront.Feeds;
using OrleansChat.WebFront.Hosting;
using OrleansChat.WebFront.Parsing;
using OrleansChat.WebFront.Telemetry;

namespace OrleansChat.WebFront.Connections;

/// <summary>What every connection of this front end shares.</summary>
internal sealed class ChatConnectionServices(
    IGrainFactory grains,
    RoomFeeds feeds,
    FrontEnd frontEnd,
    ChatConnections connections,
    ChatMetrics metrics,
    IOptions<WebFrontOptions> options,
    TimeProvider timeProvider,
    ILogger<ChatConnection> logger)
{
    public IGrainFactory Grains { get; } = grains;

    public RoomFeeds Feeds { get; } = feeds;

    public FrontEnd FrontEnd { get; } = frontEnd;

    public ChatConnections Connections { get; } = connections;

    public ChatMetrics Metrics { get; } = metrics;

    public WebFrontOptions Options { get; } = options.Value;

    public TimeProvider TimeProvider { get; } = timeProvider;

    public ILogger<ChatConnection> Logger { get; } = logger;

    public CommandParser Parser { get; } = new(options.Value.MaxTextLength, options.Value.HistoryDefaultLimit, options.Value.HistoryMaxLimit);
}
