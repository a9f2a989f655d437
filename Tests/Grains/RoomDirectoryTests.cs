using OrleansChat.Grains;
using OrleansChat.Tests.Support;

namespace OrleansChat.Tests.Grains;

/// <summary>
/// The room list (<c>/api/rooms</c>) and the reaper's index, kept by the rooms' reports (presence changes at once,
/// messages within a second). Reports are sent in the background, so the tests ask until the directory has caught up
/// (or time runs out).
/// </summary>
[Trait("Category", "Unit")]
[Collection(ChatClusterCollection.Name)]
public sealed class RoomDirectoryTests(ChatClusterFixture fixture)
{
    private ChatTestCluster Cluster => fixture.Cluster;

    private IRoomDirectoryGrain Directory => Cluster.Client.GetGrain<IRoomDirectoryGrain>(0);

    [Fact]
    public async Task List_RoomsWithMembersAndMessages_ReportsMemberCountsAndSeq()
    {
        var (busy, emptied) = (TestRooms.New("busy"), TestRooms.New("emptied"));
        var (a, b) = (Cluster.FrontEnds[0], Cluster.FrontEnds[1]);
        var alice = await a.NewUserAsync();
        var bob = await b.NewUserAsync();
        await a.JoinAsync(busy, alice);
        await b.JoinAsync(busy, bob);
        await b.JoinAsync(busy, alice);
        await a.SendAsync(busy, alice, "hello");
        await b.JoinAsync(emptied, bob);
        await b.LeaveAsync(emptied, bob);

        var expected = new[] { new RoomSummary(busy, 2, 3), new RoomSummary(emptied, 0, 2) };
        var listed = await Eventually.MatchesAsync(ListAsync, rooms => expected.All(rooms.Contains));

        Assert.Equal(new RoomSummary(busy, 2, 3), Assert.Single(listed, r => r.Room == busy));
        Assert.Equal(new RoomSummary(emptied, 0, 2), Assert.Single(listed, r => r.Room == emptied));
        // Rooms with members come before rooms without.
        Assert.True(listed.IndexOf(new RoomSummary(busy, 2, 3)) < listed.IndexOf(new RoomSummary(emptied, 0, 2)));
    }

    [Fact]
    public async Task GetRoomsWithFrontEnd_ListsTheRoomsWhereItHoldsPresence()
    {
        var (onA, onB, onBoth, leftA) = (TestRooms.New("on-a"), TestRooms.New("on-b"), TestRooms.New("on-both"), TestRooms.New("left-a"));
        var (a, b) = (Cluster.FrontEnds[0], Cluster.FrontEnds[1]);
        var user = await a.NewUserAsync();
        await a.JoinAsync(onA, user);
        await b.JoinAsync(onB, user);
        await a.JoinAsync(onBoth, user);
        await b.JoinAsync(onBoth, user);
        await a.JoinAsync(leftA, user);
        await a.LeaveAsync(leftA, user);
        string[] ours = [onA, onB, onBoth, leftA];

        var withA = await Eventually.MatchesAsync(
            () => Directory.GetRoomsWithFrontEndAsync(a.Id), rooms => rooms.Intersect(ours).Order().SequenceEqual(new[] { onA, onBoth }.Order()));
        var withB = await Eventually.MatchesAsync(
            () => Directory.GetRoomsWithFrontEndAsync(b.Id), rooms => rooms.Intersect(ours).Order().SequenceEqual(new[] { onB, onBoth }.Order()));

        Assert.Equal(new[] { onA, onBoth }.Order(), withA.Intersect(ours).Order());
        Assert.Equal(new[] { onB, onBoth }.Order(), withB.Intersect(ours).Order());
        Assert.Empty(await Directory.GetRoomsWithFrontEndAsync("no-such-front-end"));
    }

    /// <summary>The whole listing as summaries, in listing order.</summary>
    private async Task<List<RoomSummary>> ListAsync() =>
        [.. (await Directory.ListAsync(RoomListingPage.MaxLimit, null)).Rooms.Select(r => new RoomSummary(r.Room, r.Members, r.Seq))];
}
