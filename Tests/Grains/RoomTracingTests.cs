using System.Diagnostics;
using OrleansChat.Grains.Rooms;
using OrleansChat.Protocol;

namespace OrleansChat.Tests.Grains;

/// <summary>A commit's span under group commit: one append carries changes made in several traces.</summary>
[Trait("Category", "Unit")]
public sealed class RoomTracingTests : IDisposable
{
    private readonly ActivitySource _calls = new("OrleansChat.Tests.RoomTracing");
    private readonly ActivityListener _listener = new()
    {
        ShouldListenTo = source => source.Name is RoomTracing.SourceName or "OrleansChat.Tests.RoomTracing",
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    };

    public RoomTracingTests() => ActivitySource.AddActivityListener(_listener);

    [Fact]
    public void StartCommit_ChangesFromSeveralTraces_ContinuesFirstTracedAndLinksOthers()
    {
        Activity.Current = null;
        var untraced = new RoomChange.Leave("front-end", "u0");
        var (first, firstCall) = MadeIn(() => new RoomChange.Send(new ChatUser("u1", "one"), "a"));
        var (second, secondCall) = MadeIn(() => new RoomChange.Send(new ChatUser("u2", "two"), "b"));

        using var commit = RoomTracing.StartCommit("general", [untraced, first, second]);

        Assert.NotNull(commit);
        Assert.Equal(firstCall.TraceId, commit.TraceId);
        Assert.Equal(firstCall.SpanId, commit.ParentSpanId);
        Assert.Equal([secondCall], commit.Links.Select(l => l.Context));
        Assert.Equal(3, commit.GetTagItem("orleanschat.room.commit.size"));
    }

    public void Dispose()
    {
        _listener.Dispose();
        _calls.Dispose();
    }

    /// <summary>Makes a change as a grain call would, under that call's span, and gives back the span's context.</summary>
    private (RoomChange Change, ActivityContext Call) MadeIn(Func<RoomChange> make)
    {
        var previous = Activity.Current;
        Activity.Current = null;
        using var call = _calls.StartActivity("call", ActivityKind.Server)!;
        var change = make();
        call.Stop();
        Activity.Current = previous;
        return (change, call.Context);
    }
}
