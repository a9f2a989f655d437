using OrleansChat.Protocol;
using OrleansChat.Tests.Support;

namespace OrleansChat.Tests.Grains;

/// <summary>What a room gives back from its log: history pages, and the events a resuming join missed.</summary>
[Trait("Category", "Unit")]
[Collection(ChatClusterCollection.Name)]
public sealed class RoomHistoryTests(ChatClusterFixture fixture)
{
    private ChatTestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task GetHistory_PagedBackwards_ReturnsExactlyTheCommittedEventsInOrder()
    {
        var room = TestRooms.New("archive");
        var frontEnd = Cluster.FrontEnds[0];
        var alice = await frontEnd.NewUserAsync();
        await frontEnd.JoinAsync(room, alice);
        for (var i = 1; i <= 120; i++)
        {
            Assert.Equal(i + 1, await frontEnd.SendAsync(room, alice, $"message {i}"));
        }

        var pages = new List<IReadOnlyList<RoomEvent>>();
        var before = long.MaxValue;
        while (true)
        {
            var page = await Cluster.FrontEnds[1].Room(room).GetHistoryAsync(before, 50);
            if (page.Count == 0)
            {
                break;
            }
            pages.Add(page);
            before = page[0].Seq;
        }
        var all = pages.AsEnumerable().Reverse().SelectMany(p => p).ToList();

        Assert.Equal([50, 50, 21], pages.Select(p => p.Count));
        Assert.Equal(Enumerable.Range(1, 121).Select(i => (long)i), all.Select(e => e.Seq));
        Assert.Equal((RoomEventTypes.Joined, alice), (all[0].Type, all[0].User));
        Assert.Equal(Enumerable.Range(1, 120).Select(i => $"message {i}"), all.Skip(1).Select(e => e.Text));
        Assert.All(all, e => Assert.Equal(room, e.Room));
    }

    [Fact]
    public async Task Join_WithAfter_ReplaysExactlyTheMissedEvents()
    {
        var room = TestRooms.New("resume");
        var (a, b) = (Cluster.FrontEnds[0], Cluster.FrontEnds[1]);
        var alice = await a.NewUserAsync();
        var bob = await b.NewUserAsync();
        await a.JoinAsync(room, alice);
        await b.JoinAsync(room, bob);
        var lastSeen = await a.SendAsync(room, alice, "before");
        await a.LeaveAsync(room, alice);
        for (var i = 0; i < 5; i++)
        {
            await b.SendAsync(room, bob, $"missed {i}");
        }

        // Alice comes back through the other front end, which subscribes before it joins.
        await using var feed = await b.SubscribeAsync(room);
        var snapshot = await b.JoinAsync(room, alice, after: lastSeen);
        var after = await b.SendAsync(room, bob, "after");
        var live = await feed.WaitForSeqAsync(after);

        Assert.True(snapshot.Recovered);
        Assert.Equal(lastSeen + 7, snapshot.Seq);
        Assert.Equal(Enumerable.Range((int)lastSeen + 1, 7).Select(i => (long)i), snapshot.Events.Select(e => e.Seq));
        Assert.Equal([RoomEventTypes.Left, .. Enumerable.Repeat(RoomEventTypes.Message, 5), RoomEventTypes.Joined], snapshot.Events.Select(e => e.Type));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"missed {i}"), snapshot.Events.Where(e => e.Type == RoomEventTypes.Message).Select(e => e.Text));
        Assert.Equal([bob, alice], snapshot.Members);
        Assert.Equal(snapshot.Seq + 1, live.Seq);
        Assert.Equal("after", live.Text);
    }

    [Fact]
    public async Task Join_WithoutAfter_RepliesTheMostRecentEvents()
    {
        var room = TestRooms.New("recent");
        var frontEnd = Cluster.FrontEnds[2];
        var alice = await frontEnd.NewUserAsync();
        await frontEnd.JoinAsync(room, alice);
        for (var i = 0; i < 10; i++)
        {
            await frontEnd.SendAsync(room, alice, $"m{i}");
        }

        var snapshot = await frontEnd.JoinAsync(room, alice, recent: 4);

        Assert.True(snapshot.Recovered);
        Assert.Equal(11, snapshot.Seq);
        Assert.Equal([8L, 9, 10, 11], snapshot.Events.Select(e => e.Seq));
        Assert.Equal(["m6", "m7", "m8", "m9"], snapshot.Events.Select(e => e.Text));
    }

    [Fact]
    public async Task Join_WithAfterBeyondRetention_ReportsNotRecovered()
    {
        await using var cluster = await ChatTestCluster.StartAsync(1, new Dictionary<string, string?> { ["Cluster:LogRetention"] = "10" });
        var frontEnd = cluster.FrontEnds[0];
        var room = TestRooms.New("short");
        var alice = await frontEnd.NewUserAsync();
        await frontEnd.JoinAsync(room, alice);
        for (var i = 0; i < 20; i++)
        {
            await frontEnd.SendAsync(room, alice, $"m{i}");
        }

        var trimmed = await frontEnd.JoinAsync(room, alice, after: 2);
        var kept = await frontEnd.JoinAsync(room, alice, after: 15);
        var upToDate = await frontEnd.JoinAsync(room, alice, after: 21);
        var history = await frontEnd.Room(room).GetHistoryAsync(long.MaxValue, 50);

        Assert.False(trimmed.Recovered);
        Assert.Equal(Enumerable.Range(12, 10).Select(i => (long)i), trimmed.Events.Select(e => e.Seq));
        Assert.True(kept.Recovered);
        Assert.Equal(Enumerable.Range(16, 6).Select(i => (long)i), kept.Events.Select(e => e.Seq));
        Assert.True(upToDate.Recovered);
        Assert.Empty(upToDate.Events);
        Assert.Equal(Enumerable.Range(12, 10).Select(i => (long)i), history.Select(e => e.Seq));
    }
}
