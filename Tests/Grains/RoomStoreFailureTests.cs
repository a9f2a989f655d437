using OrleansChat.Grains;
using OrleansChat.Grains.Storage;
using OrleansChat.Protocol;
using OrleansChat.Tests.Support;

namespace OrleansChat.Tests.Grains;

/// <summary>
/// A room whose log append fails: what was refused is never committed later, a lost answer does not fork the seqs,
/// and a log written by another activation of the room is never overwritten.
/// </summary>
[Trait("Category", "Unit")]
[Collection(ChatClusterCollection.Name)]
public sealed class RoomStoreFailureTests(ChatClusterFixture fixture)
{
    private ChatTestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Send_StoreUnreachable_RefusedSendsAreNeverCommitted()
    {
        var room = TestRooms.New("unreachable");
        var frontEnd = Cluster.FrontEnds[0];
        var alice = await frontEnd.NewUserAsync();
        await using var feed = await frontEnd.SubscribeAsync(room);
        await frontEnd.JoinAsync(room, alice);

        Cluster.Faults.Arm(room, RoomLogFault.Unreachable);
        var sends = Enumerable.Range(0, 20).Select(i => (Text: $"m{i}", Send: frontEnd.SendAsync(room, alice, $"m{i}"))).ToList();
        await Task.WhenAll(sends.Select(s => s.Send)).ContinueWith(_ => { }, TaskScheduler.Default);
        var marker = await frontEnd.SendAsync(room, alice, "marker");
        await feed.WaitForSeqAsync(marker);
        var log = await frontEnd.Room(room).GetEventsAfterAsync(0, long.MaxValue);

        var refused = sends.Where(s => s.Send.IsFaulted).ToList();
        var acked = sends.Where(s => s.Send.IsCompletedSuccessfully).ToDictionary(s => s.Send.Result, s => s.Text);
        Assert.NotEmpty(refused);
        Assert.All(refused, s => Assert.IsType<StoreUnavailableException>(s.Send.Exception!.InnerException));
        Assert.Equal(Enumerable.Range(1, (int)marker).Select(i => (long)i), log.Select(e => e.Seq));
        Assert.Equal([.. acked.OrderBy(pair => pair.Key).Select(pair => pair.Value), "marker"], log.Where(e => e.Type == RoomEventTypes.Message).Select(e => e.Text!));
        Assert.All(acked, pair => Assert.Equal(pair.Value, log[(int)pair.Key - 1].Text));
        Assert.Equal(log.Select(e => e.Seq), feed.Seqs);
    }

    [Fact]
    public async Task Join_StoreUnreachable_RefusedAndNotAMemberUntilItJoinsAgain()
    {
        var room = TestRooms.New("unreachable-join");
        var (a, b) = (Cluster.FrontEnds[0], Cluster.FrontEnds[1]);
        var alice = await a.NewUserAsync();
        var bob = await b.NewUserAsync();
        await a.JoinAsync(room, alice);

        Cluster.Faults.Arm(room, RoomLogFault.Unreachable);
        await Assert.ThrowsAsync<StoreUnavailableException>(() => b.JoinAsync(room, bob));
        var whileRefused = await a.Room(room).GetMembersAsync();
        var joined = await b.JoinAsync(room, bob);

        Assert.Equal(1, whileRefused.Seq);
        Assert.Equal([alice], whileRefused.Members);
        Assert.Equal(2, joined.Seq);
        Assert.Equal([alice, bob], joined.Members);
        Assert.Equal([RoomEventTypes.Joined, RoomEventTypes.Joined], joined.Events.Select(e => e.Type));
    }

    [Fact]
    public async Task Send_AppendLandedButItsAnswerWasLost_NextSendContinuesAfterIt()
    {
        var room = TestRooms.New("lost-answer");
        var frontEnd = Cluster.FrontEnds[1];
        var alice = await frontEnd.NewUserAsync();
        await frontEnd.JoinAsync(room, alice);

        Cluster.Faults.Arm(room, RoomLogFault.LandedThenTimedOut);
        await Assert.ThrowsAsync<StoreUnavailableException>(() => frontEnd.SendAsync(room, alice, "landed"));
        var next = await frontEnd.SendAsync(room, alice, "next");
        var log = await frontEnd.Room(room).GetEventsAfterAsync(0, long.MaxValue);

        // The refused send did land (the store applied it before the answer was lost): the room neither reuses nor skips its seq.
        Assert.Equal(3, next);
        Assert.Equal([(1L, null), (2, "landed"), (3, "next")], log.Select(e => (e.Seq, e.Text)));
    }

    [Fact]
    public async Task Send_LogWrittenByAnotherActivation_RefusedAndTheRoomGoesOnFromTheLog()
    {
        var room = TestRooms.New("twin");
        var frontEnd = Cluster.FrontEnds[2];
        var alice = await frontEnd.NewUserAsync();
        await frontEnd.JoinAsync(room, alice);
        // A second activation of the room (a membership change placed it twice for a moment) committed seq 2.
        var twin = new RoomEvent(RoomEventTypes.Message, room, 2, alice, "from the twin", DateTimeOffset.UtcNow);
        await Cluster.SharedLog!.AppendAsync(room, new RoomAppend(1, [twin], null));

        await Assert.ThrowsAsync<StoreUnavailableException>(() => frontEnd.SendAsync(room, alice, "refused"));
        // The stale activation deactivates; a send soon reaches one that read the log afresh.
        var next = await Eventually.MatchesAsync(async () =>
        {
            try
            {
                return await frontEnd.SendAsync(room, alice, "after");
            }
            catch (StoreUnavailableException)
            {
                return 0;
            }
        }, seq => seq > 0);
        var log = await frontEnd.Room(room).GetEventsAfterAsync(0, long.MaxValue);

        Assert.Equal(3, next);
        Assert.Equal([(1L, null), (2, "from the twin"), (3, "after")], log.Select(e => (e.Seq, e.Text)));
    }
}
