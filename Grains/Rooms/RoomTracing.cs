using System.Diagnostics;

namespace OrleansChat.Grains.Rooms;

/// <summary>
/// The rooms' spans, on the activity source <c>OrleansChat.Grains</c>. A commit's span continues the trace of the first
/// traced change it carries (its grain call's span) and links the others: under load one append carries the sends of
/// many traces. ActivitySources are static by design (there is no factory for them); nothing is created unless a
/// tracer listens.
/// </summary>
internal static class RoomTracing
{
    public const string SourceName = "OrleansChat.Grains";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>Starts the span of one log append, or returns null when nobody listens.</summary>
    public static Activity? StartCommit(string room, IReadOnlyList<RoomChange> batch)
    {
        if (!Source.HasListeners())
        {
            return null;
        }
        ActivityContext parent = default;
        List<ActivityLink>? links = null;
        foreach (var change in batch)
        {
            if (change.Caller is not { } caller)
            {
                continue;
            }
            if (parent == default)
            {
                parent = caller.Context;
            }
            else
            {
                (links ??= []).Add(new ActivityLink(caller.Context));
            }
        }
        var activity = Source.StartActivity("room commit", ActivityKind.Internal, parent, links: links);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("orleanschat.room", room);
            activity.SetTag("orleanschat.room.commit.size", batch.Count);
        }
        return activity;
    }

    public static void Failed(Activity? activity, Exception exception)
    {
        if (activity is null)
        {
            return;
        }
        activity.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity.SetTag("error.type", exception.GetType().FullName);
    }
}
