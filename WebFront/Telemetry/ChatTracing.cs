using System.Diagnostics;
using OrleansChat.Grains;
using OrleansChat.Protocol;

namespace OrleansChat.WebFront.Telemetry;

/// <summary>
/// The WebFront's spans, on the activity source <c>OrleansChat.WebFront</c>: one per command (a trace of its own, which
/// Orleans carries on through its grain calls) and one per room feed fan-out of a traced commit. ActivitySources are
/// static by design (there is no factory for them); nothing is created unless a tracer listens.
/// </summary>
internal static class ChatTracing
{
    public const string SourceName = "OrleansChat.WebFront";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>Starts a command's span, current until it is disposed; null when nobody listens.</summary>
    public static Activity? StartCommand(IClientCommand command)
    {
        if (!Source.HasListeners())
        {
            return null;
        }
        var activity = Source.StartActivity("chat " + command.Type, ActivityKind.Server);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("orleanschat.command.type", command.Type);
            if (RoomOf(command) is { } room)
            {
                activity.SetTag("orleanschat.room", room);
            }
        }
        return activity;
    }

    /// <summary>The command's result; only the server's own failures make its span an error (a refused command is the client's).</summary>
    public static void Answered(Activity? activity, string result)
    {
        if (activity is null)
        {
            return;
        }
        activity.SetTag("orleanschat.command.result", result);
        if (result is ErrorCodes.Unavailable or ErrorCodes.Internal)
        {
            activity.SetStatus(ActivityStatusCode.Error, result);
        }
    }

    /// <summary>
    /// Starts the span of a room feed's fan-out of one stream item, a child of the commit that published it; null when
    /// the commit was not traced or nobody listens here.
    /// </summary>
    public static Activity? StartFanOut(string room, RoomEventBatch batch)
    {
        if (batch.TraceParent is null || !Source.HasListeners()
            || !ActivityContext.TryParse(batch.TraceParent, traceState: null, isRemote: true, out var commit))
        {
            return null;
        }
        var activity = Source.StartActivity("room fan-out", ActivityKind.Consumer, commit);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("orleanschat.room", room);
            activity.SetTag("orleanschat.room.events", batch.Events.Count);
        }
        return activity;
    }

    private static string? RoomOf(IClientCommand command) => command switch
    {
        JoinCommand join => join.Room,
        LeaveCommand leave => leave.Room,
        SendCommand send => send.Room,
        HistoryCommand history => history.Room,
        MembersCommand members => members.Room,
        _ => null,
    };
}
