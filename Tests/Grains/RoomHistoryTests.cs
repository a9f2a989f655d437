using OrleansChat.Grains;
using OrleansChat.Tests.Support;

namespace OrleansChat.Tests.Grains;

[Trait("Category", "Unit")]
public sealed class RoomHistoryTests
{
    [Fact]
    public async Task GetHistory_PagedBackwards_ReturnsExactlyTheCommittedEventsInOrder()
    {
        await using var cluster = await ChatCluster.StartAsync(1);
        var silo = cluster.Silos[0];
        var alice = await silo.NewUserAsync();
        await silo.JoinAsync("archive", alice, new EventCollector());
        var room = silo.Room("archive");
        for (var i = 1; i <= 120; i++)
        {
            Assert.Equal(i + 1, await room.SendAsync(alice, $"message {i}"));
        }

        var pages = new List<IReadOnlyList<RoomEvent>>();
        var before = long.MaxValue;
        while (true)
        {
            var page = await room.GetHistoryAsync(before, 50);
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
        Assert.Equal(RoomEventTypes.Joined, all[0].Type);
        Assert.Equal(Enumerable.Range(1, 120).Select(i => $"message {i}"), all.Skip(1).Select(e => e.Text));
        Assert.All(all, e => Assert.Equal("archive", e.Room));
    }

    [Fact]
    public async Task Join_WithAfter_ReplaysExactlyTheMissedEvents()
    {
        await using var cluster = await ChatCluster.StartAsync(2);
        var (a, b) = (cluster.Silos[0], cluster.Silos[1]);
        var alice = await a.NewUserAsync();
        var bob = await b.NewUserAsync();
        await a.JoinAsync("resume", alice, new EventCollector(), "alice-1");
        await b.JoinAsync("resume", bob, new EventCollector(), "bob-1");
        var lastSeen = await a.Room("resume").SendAsync(alice, "before");
        await a.Room("resume").LeaveAsync("alice-1");
        for (var i = 0; i < 5; i++)
        {
            await b.Room("resume").SendAsync(bob, $"missed {i}");
        }

        var feed = new EventCollector();
        var snapshot = await b.JoinAsync("resume", alice, feed, "alice-2", after: lastSeen);
        await b.Room("resume").SendAsync(bob, "after");
        var live = await feed.NextAsync();

        Assert.True(snapshot.Recovered);
        Assert.Equal(lastSeen + 7, snapshot.Seq);
        Assert.Equal(Enumerable.Range((int)lastSeen + 1, 7).Select(i => (long)i), snapshot.Events.Select(e => e.Seq));
        Assert.Equal([RoomEventTypes.Left, .. Enumerable.Repeat(RoomEventTypes.Message, 5), RoomEventTypes.Joined], snapshot.Events.Select(e => e.Type));
        Assert.Equal(snapshot.Seq + 1, live.Seq);
        Assert.Equal("after", live.Text);
    }

    [Fact]
    public async Task Join_WithAfterBeyondRetention_ReportsNotRecovered()
    {
        await using var cluster = await ChatCluster.StartAsync(1, settings: new Dictionary<string, string?> { ["Cluster:LogRetention"] = "10" });
        var silo = cluster.Silos[0];
        var alice = await silo.NewUserAsync();
        await silo.JoinAsync("short", alice, new EventCollector());
        for (var i = 0; i < 20; i++)
        {
            await silo.Room("short").SendAsync(alice, $"m{i}");
        }

        var trimmed = await silo.JoinAsync("short", alice, new EventCollector(), after: 2);
        var kept = await silo.JoinAsync("short", alice, new EventCollector(), after: 15);

        Assert.False(trimmed.Recovered);
        Assert.Equal(Enumerable.Range(12, 10).Select(i => (long)i), trimmed.Events.Select(e => e.Seq));
        Assert.True(kept.Recovered);
        Assert.Equal(Enumerable.Range(16, 6).Select(i => (long)i), kept.Events.Select(e => e.Seq));
    }
}
