using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OrleansChat.Grains;
using OrleansChat.Grains.Storage;
using OrleansChat.Protocol;
using OrleansChat.WebFront.Cluster;
using OrleansChat.WebFront.Errors;
using OrleansChat.WebFront.Feeds;
using OrleansChat.WebFront.Hosting;

namespace OrleansChat.WebFront.Api;

/// <summary>The HTTP side: room list, history and members, the cluster's silos, health and readiness (<c>/metrics</c>: <c>MapWebFrontMetrics</c>).</summary>
internal static partial class ChatApiEndpoints
{
    /// <summary>The longest readiness waits for the stream warm-up before it answers 503.</summary>
    private static readonly TimeSpan WarmUpWait = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapChatApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api");
        api.MapGet("/rooms", ListRoomsAsync);
        api.MapGet("/rooms/{room}/history", GetHistoryAsync);
        api.MapGet("/rooms/{room}/members", GetMembersAsync);
        api.MapGet("/cluster", GetClusterAsync);
        endpoints.MapGet("/healthz", (FrontEnd frontEnd) => TypedResults.Json(new HealthResponse("ok", frontEnd.Id), ApiJsonContext.Default.HealthResponse));
        endpoints.MapGet("/readyz", GetReadinessAsync);
        return endpoints;
    }

    private static Task<IResult> ListRoomsAsync(IGrainFactory grains, ILoggerFactory loggers) =>
        GuardAsync(loggers, async () =>
        {
            // The directory knows which rooms exist; each room knows its counts as of now (the directory's copy
            // trails the room's last commits).
            var listed = await grains.GetGrain<IRoomDirectoryGrain>(0).ListAsync();
            IReadOnlyList<RoomSummary> rooms = await Task.WhenAll(listed.Select(r => grains.GetGrain<IRoomGrain>(r.Room).GetSummaryAsync()));
            return TypedResults.Json(rooms, ApiJsonContext.Default.IReadOnlyListRoomSummary);
        });

    private static Task<IResult> GetHistoryAsync(string room, string? before, string? limit, IGrainFactory grains, IOptions<WebFrontOptions> options, ILoggerFactory loggers)
    {
        if (!RoomNames.IsValid(room))
        {
            return Task.FromResult<IResult>(InvalidRoom());
        }
        long beforeSeq = long.MaxValue;
        if (!string.IsNullOrEmpty(before) && !long.TryParse(before, NumberStyles.Integer, CultureInfo.InvariantCulture, out beforeSeq))
        {
            return Task.FromResult<IResult>(BadRequest("'before' must be an integer."));
        }
        var settings = options.Value;
        var count = settings.HistoryDefaultLimit;
        if (!string.IsNullOrEmpty(limit))
        {
            if (!long.TryParse(limit, NumberStyles.Integer, CultureInfo.InvariantCulture, out var given) || given < 1)
            {
                return Task.FromResult<IResult>(BadRequest("'limit' must be a positive integer."));
            }
            count = (int)Math.Min(given, settings.HistoryMaxLimit);
        }
        return GuardAsync(loggers, async () =>
        {
            var events = await grains.GetGrain<IRoomGrain>(room).GetHistoryAsync(beforeSeq, count);
            return TypedResults.Json(new RoomHistoryResponse(room, events), ApiJsonContext.Default.RoomHistoryResponse);
        });
    }

    private static Task<IResult> GetMembersAsync(string room, IGrainFactory grains, ILoggerFactory loggers)
    {
        if (!RoomNames.IsValid(room))
        {
            return Task.FromResult<IResult>(InvalidRoom());
        }
        return GuardAsync(loggers, async () =>
        {
            var members = await grains.GetGrain<IRoomGrain>(room).GetMembersAsync();
            return TypedResults.Json(new RoomMembersResponse(room, members.Members), ApiJsonContext.Default.RoomMembersResponse);
        });
    }

    private static Task<IResult> GetClusterAsync(IGrainFactory grains, FrontEnd self, ILoggerFactory loggers) =>
        GuardAsync(loggers, async () =>
        {
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false);
            var silos = new List<ClusterSilo>(hosts.Length);
            foreach (var host in hosts.OrderBy(h => h.StartTime))
            {
                var id = host.SiloAddress.ToParsableString();
                var startedAt = AsUtc(host.StartTime);
                var heartbeat = host.IAmAliveTime == default ? startedAt : AsUtc(host.IAmAliveTime);
                silos.Add(new ClusterSilo(id, host.SiloAddress.Endpoint.ToString(), host.SiloName ?? "", SiloStatuses.NameOf(host.Status), heartbeat, startedAt, id == self.Id));
            }
            var frontEnds = await grains.GetGrain<IFrontEndRegistryGrain>(0).ListAsync();
            return TypedResults.Json(new ClusterResponse(silos, [.. frontEnds.Select(f => ClusterFrontEnd.Of(f, f.Id == self.Id))]), ApiJsonContext.Default.ClusterResponse);
        });

    /// <summary>Ready: attached to the cluster (silo active, or a gateway connected), the streams are warm, the store answers, and the app is not stopping.</summary>
    private static async Task<IResult> GetReadinessAsync(
        IStoreHealth store,
        IClusterAttachment attachment,
        RoomFeeds feeds,
        FrontEnd frontEnd,
        IHostApplicationLifetime lifetime,
        CancellationToken cancellationToken)
    {
        string? reason;
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            reason = "stopping";
        }
        else
        {
            reason = attachment.NotReadyReason ?? await CheckDependenciesAsync(store, feeds, cancellationToken);
        }
        var ready = reason is null;
        return TypedResults.Json(new HealthResponse(ready ? "ok" : "unavailable", frontEnd.Id, reason), ApiJsonContext.Default.HealthResponse,
            statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<string?> CheckDependenciesAsync(IStoreHealth store, RoomFeeds feeds, CancellationToken cancellationToken)
    {
        try
        {
            await feeds.WarmUpAsync().WaitAsync(WarmUpWait, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return "streams not ready";
        }
        try
        {
            return await store.PingAsync(cancellationToken) ? null : "store unreachable";
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return "store unreachable";
        }
    }

    /// <summary>Maps a failed grain call through <see cref="CommandErrors"/>: <c>unavailable</c> is 503, <c>internal</c> 500.</summary>
    private static async Task<IResult> GuardAsync(ILoggerFactory loggers, Func<Task<IResult>> handler)
    {
        try
        {
            return await handler();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var code = CommandErrors.CodeFor(exception);
            if (code == ErrorCodes.Unavailable)
            {
                return TypedResults.Json(new ApiError(code, "The cluster store cannot be reached."), ApiJsonContext.Default.ApiError,
                    statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            LogApiFailed(loggers.CreateLogger(typeof(ChatApiEndpoints).FullName!), exception);
            return TypedResults.Json(new ApiError(code, "The server failed to answer."), ApiJsonContext.Default.ApiError,
                statusCode: StatusCodes.Status500InternalServerError);
        }
    }

    private static DateTimeOffset AsUtc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));

    private static JsonHttpResult<ApiError> InvalidRoom() =>
        TypedResults.Json(new ApiError(ErrorCodes.InvalidRoom, $"A room name is 1 to {RoomNames.MaxLength} characters of a-z, 0-9, '-' and '_', starting with a letter or digit."),
            ApiJsonContext.Default.ApiError, statusCode: StatusCodes.Status400BadRequest);

    private static JsonHttpResult<ApiError> BadRequest(string message) =>
        TypedResults.Json(new ApiError(ErrorCodes.BadRequest, message), ApiJsonContext.Default.ApiError, statusCode: StatusCodes.Status400BadRequest);

    [LoggerMessage(EventId = 3300, Level = LogLevel.Error, Message = "An API request failed")]
    private static partial void LogApiFailed(ILogger logger, Exception exception);
}
