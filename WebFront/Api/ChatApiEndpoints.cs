using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OrleansChat.Grains;
using OrleansChat.Grains.Rooms;
using OrleansChat.Runtime;
using OrleansChat.Runtime.Activation;
using OrleansChat.Runtime.Hosting;
using OrleansChat.Runtime.Membership;
using OrleansChat.Runtime.Storage;
using OrleansChat.WebFront.Hosting;
using OrleansChat.WebFront.Metrics;
using OrleansChat.WebFront.Protocol;

namespace OrleansChat.WebFront.Api;

/// <summary>The HTTP side: room list, history and members, the cluster's silos, health, readiness and metrics.</summary>
internal static partial class ChatApiEndpoints
{
    public static IEndpointRouteBuilder MapChatApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api");
        api.MapGet("/rooms", ListRoomsAsync);
        api.MapGet("/rooms/{room}/history", GetHistoryAsync);
        api.MapGet("/rooms/{room}/members", GetMembersAsync);
        api.MapGet("/cluster", GetClusterAsync);
        endpoints.MapGet("/healthz", (SiloDetails silo) => TypedResults.Json(new HealthResponse("ok", silo.SiloId), ApiJsonContext.Default.HealthResponse));
        endpoints.MapGet("/readyz", GetReadinessAsync);
        endpoints.MapGet("/metrics", (PrometheusExporter exporter) => TypedResults.Text(exporter.Render(), PrometheusExporter.ContentType));
        return endpoints;
    }

    private static Task<IResult> ListRoomsAsync(RoomDirectory directory, ILoggerFactory loggers, CancellationToken cancellationToken) =>
        GuardAsync(loggers, async () => TypedResults.Json(await directory.ListAsync(cancellationToken), ApiJsonContext.Default.IReadOnlyListRoomSummary));

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

    private static Task<IResult> GetClusterAsync(IMembershipTable membership, SiloDetails self, ILoggerFactory loggers, CancellationToken cancellationToken) =>
        GuardAsync(loggers, async () =>
        {
            var entries = await membership.ReadAllAsync(cancellationToken);
            var silos = new List<ClusterSilo>(entries.Count);
            foreach (var entry in entries)
            {
                var status = entry.Status switch
                {
                    SiloStatus.Active => "active",
                    SiloStatus.Dead => "dead",
                    SiloStatus.Left => "left",
                    _ => entry.Status.ToString().ToLowerInvariant(),
                };
                silos.Add(new ClusterSilo(entry.SiloId, entry.Address, status, entry.Heartbeat, entry.StartedAt, entry.SiloId == self.SiloId));
            }
            return TypedResults.Json(new ClusterResponse(silos), ApiJsonContext.Default.ClusterResponse);
        });

    private static async Task<IResult> GetReadinessAsync(IGrainStorage storage, SiloDetails silo, IHostApplicationLifetime lifetime, CancellationToken cancellationToken)
    {
        bool ready;
        try
        {
            ready = !lifetime.ApplicationStopping.IsCancellationRequested && await storage.PingAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            ready = false;
        }
        return TypedResults.Json(new HealthResponse(ready ? "ok" : "unavailable", silo.SiloId), ApiJsonContext.Default.HealthResponse,
            statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>Maps the store being away to 503 and anything else unexpected to 500, with the protocol's codes.</summary>
    private static async Task<IResult> GuardAsync(ILoggerFactory loggers, Func<Task<IResult>> handler)
    {
        try
        {
            return await handler();
        }
        catch (Exception exception) when (exception is StoreUnavailableException or SiloUnavailableException)
        {
            return TypedResults.Json(new ApiError(ErrorCodes.Unavailable, "The cluster store cannot be reached."), ApiJsonContext.Default.ApiError,
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogApiFailed(loggers.CreateLogger(typeof(ChatApiEndpoints).FullName!), exception);
            return TypedResults.Json(new ApiError(ErrorCodes.Internal, "The server failed to answer."), ApiJsonContext.Default.ApiError,
                statusCode: StatusCodes.Status500InternalServerError);
        }
    }

    private static JsonHttpResult<ApiError> InvalidRoom() =>
        TypedResults.Json(new ApiError(ErrorCodes.InvalidRoom, $"A room name is 1 to {RoomNames.MaxLength} characters of a-z, 0-9, '-' and '_', starting with a letter or digit."),
            ApiJsonContext.Default.ApiError, statusCode: StatusCodes.Status400BadRequest);

    private static JsonHttpResult<ApiError> BadRequest(string message) =>
        TypedResults.Json(new ApiError(ErrorCodes.BadRequest, message), ApiJsonContext.Default.ApiError, statusCode: StatusCodes.Status400BadRequest);

    [LoggerMessage(EventId = 3300, Level = LogLevel.Error, Message = "An API request failed")]
    private static partial void LogApiFailed(ILogger logger, Exception exception);
}
