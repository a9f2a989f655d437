using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OrleansChat.Grains;
using OrleansChat.Protocol;
using OrleansChat.WebFront.Cluster;
using OrleansChat.WebFront.Errors;
using OrleansChat.WebFront.Hosting;

namespace OrleansChat.WebFront.Api;

/// <summary>The HTTP side: room list, history and members, the cluster's silos and front ends (health: <see cref="Health.ChatHealthChecks"/>; <c>/metrics</c>: <c>MapWebFrontMetrics</c>).</summary>
internal static partial class ChatApiEndpoints
{
    public static IEndpointRouteBuilder MapChatApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api");
        api.MapGet("/rooms", ListRoomsAsync);
        api.MapGet("/rooms/{room}/history", GetHistoryAsync);
        api.MapGet("/rooms/{room}/members", GetMembersAsync);
        api.MapGet("/cluster", GetClusterAsync);
        return endpoints;
    }

    /// <summary>
    /// The listing's first page as a bare array (the answer version 1 documents), or, once <c>limit</c> or
    /// <c>cursor</c> is given, a page object with the next page's cursor.
    /// </summary>
    private static Task<IResult> ListRoomsAsync(string? limit, string? cursor, IGrainFactory grains, IOptions<WebFrontOptions> options, ILoggerFactory loggers)
    {
        var settings = options.Value;
        if (!TryParseLimit(limit, settings.RoomListDefaultLimit, settings.RoomListMaxLimit, out var count))
        {
            return Task.FromResult<IResult>(BadLimit());
        }
        RoomListingCursor? after = null;
        if (!string.IsNullOrEmpty(cursor) && !RoomListingCursor.TryDecode(cursor, out after))
        {
            return Task.FromResult<IResult>(BadRequest("'cursor' must be the 'next' of an earlier page."));
        }
        var paged = limit is not null || cursor is not null;
        return GuardAsync(loggers, async () =>
        {
            var page = await grains.GetGrain<IRoomDirectoryGrain>(0).ListAsync(count, after);
            // The directory orders and pages; each room knows its counts as of now (the directory's copy trails the
            // room's last commits by a report).
            var now = await Task.WhenAll(page.Rooms.Select(r => grains.GetGrain<IRoomGrain>(r.Room).GetSummaryAsync()));
            IReadOnlyList<RoomListEntry> rooms = [.. page.Rooms.Zip(now, RoomListEntry.Of)];
            return paged
                ? TypedResults.Json(new RoomListResponse(rooms, page.Next?.Encode()), ApiJsonContext.Default.RoomListResponse)
                : TypedResults.Json(rooms, ApiJsonContext.Default.IReadOnlyListRoomListEntry);
        });
    }

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
        if (!TryParseLimit(limit, settings.HistoryDefaultLimit, settings.HistoryMaxLimit, out var count))
        {
            return Task.FromResult<IResult>(BadLimit());
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

    /// <summary>A page size: <paramref name="fallback"/> when none is given, else a positive integer capped at <paramref name="max"/>.</summary>
    private static bool TryParseLimit(string? limit, int fallback, int max, out int count)
    {
        count = fallback;
        if (string.IsNullOrEmpty(limit))
        {
            return true;
        }
        if (!long.TryParse(limit, NumberStyles.Integer, CultureInfo.InvariantCulture, out var given) || given < 1)
        {
            return false;
        }
        count = (int)Math.Min(given, max);
        return true;
    }

    private static JsonHttpResult<ApiError> BadLimit() => BadRequest("'limit' must be a positive integer.");

    private static JsonHttpResult<ApiError> BadRequest(string message) =>
        TypedResults.Json(new ApiError(ErrorCodes.BadRequest, message), ApiJsonContext.Default.ApiError, statusCode: StatusCodes.Status400BadRequest);

    [LoggerMessage(EventId = 3300, Level = LogLevel.Error, Message = "An API request failed")]
    private static partial void LogApiFailed(ILogger logger, Exception exception);
}
