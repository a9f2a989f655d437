using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OrleansChat.Grains;
using OrleansChat.Runtime.Membership;
using OrleansChat.Runtime.Testing;
using OrleansChat.Tests.Support;

namespace OrleansChat.Tests.Grains;

[Trait("Category", "Unit")]
public sealed class RoomGrainClusterTests
{
    [Fact]
    public async Task TwoSilos_SameRoom_SeeSameEventsInSeqOrder()
    {
        await using var cluster = await ChatCluster.StartAsync(2);
        var (a, b) = (cluster.Silos[0], cluster.Silos[1]);
        var alice = await a.NewUserAsync();
        var bob = await b.NewUserAsync();
        var aliceFeed = new EventCollector();
        var bobFeed = new EventCollector();

        var first = await a.JoinAsync("general", alice, aliceFeed);
        var second = await b.JoinAsync("general", bob, bobFeed);
        var sends = new List<Task<long>>();
        for (var i = 0; i < 50; i++)
        {
            sends.Add(a.Room("general").SendAsync(alice, $"a{i}"));
            sends.Add(b.Room("general").SendAsync(bob, $"b{i}"));
        }
        var acked = await Task.WhenAll(sends);
        await aliceFeed.WaitForAsync(e => e.Seq == 102);
        await bobFeed.WaitForAsync(e => e.Seq == 102);

        Assert.Equal(1, first.Seq);
        Assert.Equal(2, second.Seq);
        Assert.Equal([alice.Id, bob.Id], second.Members.Select(m => m.Id));
        Assert.Equal(Enumerable.Range(3, 100).Select(i => (long)i), acked.Order());
        Assert.Equal(Enumerable.Range(2, 101).Select(i => (long)i), aliceFeed.All.Select(e => e.Seq));
        Assert.Equal(aliceFeed.All.Skip(1), bobFeed.All);
    }

    [Fact]
    public async Task SecondConnection_SameUser_EmitsNoJoinedAndLastLeaveEmitsLeft()
    {
        await using var cluster = await ChatCluster.StartAsync(2);
        var (a, b) = (cluster.Silos[0], cluster.Silos[1]);
        var alice = await a.NewUserAsync();
        var bob = await b.NewUserAsync();
        var bobFeed = new EventCollector();
        await b.JoinAsync("lobby", bob, bobFeed, "bob-1");

        await a.JoinAsync("lobby", alice, new EventCollector(), "alice-1");
        var secondTab = await a.JoinAsync("lobby", alice, new EventCollector(), "alice-2");
        var thirdOnOtherSilo = await b.JoinAsync("lobby", alice, new EventCollector(), "alice-3");
        await a.Room("lobby").LeaveAsync("alice-1");
        await b.Room("lobby").LeaveAsync("alice-3");
        await a.Room("lobby").SendAsync(alice, "still here");
        await a.Room("lobby").LeaveAsync("alice-2");
        var left = await bobFeed.WaitForAsync(e => e.Type == RoomEventTypes.Left);

        Assert.Equal(2, secondTab.Seq);
        Assert.Equal(2, thirdOnOtherSilo.Seq);
        Assert.Equal(
            [(RoomEventTypes.Joined, alice.Id), (RoomEventTypes.Message, alice.Id), (RoomEventTypes.Left, alice.Id)],
            bobFeed.All.Select(e => (e.Type, e.User.Id)));
        Assert.Equal([2L, 3, 4], bobFeed.All.Select(e => e.Seq));
        Assert.Equal(alice, left.User);
        Assert.Equal([bob.Id], (await b.Room("lobby").GetMembersAsync()).Members.Select(m => m.Id));
    }

    [Fact]
    public async Task ConcurrentJoins_FromThreeSilos_EachCommitsOnceAndMembersAreExact()
    {
        await using var cluster = await ChatCluster.StartAsync(3);
        var users = new List<(TestSilo Silo, ChatUser User)>();
        for (var i = 0; i < 45; i++)
        {
            var silo = cluster.Silos[i % 3];
            users.Add((silo, await silo.NewUserAsync()));
        }
        var watcher = new EventCollector();
        await cluster.Silos[0].JoinAsync("busy", await cluster.Silos[0].NewUserAsync(), watcher);

        var snapshots = await Task.WhenAll(users.Select(u => Task.Run(() => u.Silo.JoinAsync("busy", u.User, new EventCollector()))));
        await watcher.WaitForAsync(e => e.Seq == 46);

        var joined = watcher.All.Where(e => e.Type == RoomEventTypes.Joined).Select(e => e.User.Id).ToList();
        Assert.Equal(45, joined.Count);
        Assert.Equal(users.Select(u => u.User.Id).Order(), joined.Order());
        Assert.Equal(Enumerable.Range(2, 45).Select(i => (long)i), watcher.All.Select(e => e.Seq));
        foreach (var silo in cluster.Silos)
        {
            var members = await silo.Room("busy").GetMembersAsync();
            Assert.Equal(46, members.Members.Count);
            Assert.Equal(46, members.Members.Select(m => m.Id).Distinct().Count());
        }
        // Each joiner's own joined is committed before its reply and is within the reply's seq.
        Assert.All(snapshots.Zip(users), pair => Assert.Contains(pair.First.Members, m => m.Id == pair.Second.User.Id));
    }

    [Fact]
    public async Task SiloKilled_MembersOnlyThere_GetLeftOnOtherSilosWithinDeadTimeout()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-29T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var cluster = await ChatCluster.StartAsync(3, time, new Dictionary<string, string?>
        {
            ["Membership:HeartbeatPeriod"] = "00:00:02",
            ["Membership:DeadAfter"] = "00:00:10",
        });
        var (doomed, survivor) = (cluster.Silos[0], cluster.Silos[1]);
        var onlyOnDoomed = await doomed.NewUserAsync();
        var onBoth = await doomed.NewUserAsync();
        var watcher = await survivor.NewUserAsync();
        var feed = new EventCollector();
        await survivor.JoinAsync("room", watcher, feed);
        await doomed.JoinAsync("room", onlyOnDoomed, new EventCollector());
        await doomed.JoinAsync("room", onBoth, new EventCollector());
        await survivor.JoinAsync("room", onBoth, new EventCollector());
        await feed.WaitForAsync(e => e.Seq == 3);

        cluster.KillSilo(doomed);
        var killedAt = time.GetUtcNow();
        Task<RoomEvent> left = feed.WaitForAsync(e => e.Type == RoomEventTypes.Left, TimeSpan.FromSeconds(30));
        while (!left.IsCompleted && time.GetUtcNow() - killedAt < TimeSpan.FromSeconds(30))
        {
            // Each step also runs the survivors' heartbeat ticks to completion, so that a loaded machine
            // cannot let fake time run ahead of them (and make a slow survivor look dead).
            time.Advance(TimeSpan.FromSeconds(1));
            foreach (var silo in cluster.Silos)
            {
                await silo.Services.GetRequiredService<MembershipAgent>().TickAsync(CancellationToken.None);
            }
            await Task.WhenAny(left, Task.Delay(100));
        }
        var leftEvent = await left;

        Assert.True(time.GetUtcNow() - killedAt <= TimeSpan.FromSeconds(14), $"left came after {time.GetUtcNow() - killedAt} of fake time");
        Assert.Equal(onlyOnDoomed.Id, leftEvent.User.Id);
        Assert.Equal(4, leftEvent.Seq);
        var members = await survivor.Room("room").GetMembersAsync();
        Assert.Equal([watcher.Id, onBoth.Id], members.Members.Select(m => m.Id));
        var silos = await cluster.Providers.Membership.ReadAllAsync();
        Assert.Equal(SiloStatus.Dead, silos.Single(s => s.SiloId == doomed.SiloId).Status);
    }

    [Fact]
    public async Task RenamedMember_LeavesOnOtherSilo_LeftCarriesNewName()
    {
        await using var cluster = await ChatCluster.StartAsync(2);
        var (a, b) = (cluster.Silos[0], cluster.Silos[1]);
        var alice = await a.NewUserAsync();
        var bob = await b.NewUserAsync();
        var feed = new EventCollector();
        await b.JoinAsync("names", bob, feed);
        await a.JoinAsync("names", alice, new EventCollector(), "alice-a");
        await b.JoinAsync("names", alice, new EventCollector(), "alice-b");

        var renamed = alice with { Name = "Alice Renamed" };
        await a.Room("names").RenameMemberAsync(renamed);
        await a.Room("names").LeaveAsync("alice-a");
        await b.Room("names").LeaveAsync("alice-b");
        var left = await feed.WaitForAsync(e => e.Type == RoomEventTypes.Left);

        Assert.Equal(renamed, left.User);
    }

    [Fact]
    public async Task SiloStoppedGracefully_CommitsLeftForItsMembers()
    {
        await using var cluster = await ChatCluster.StartAsync(2);
        var (leaving, staying) = (cluster.Silos[0], cluster.Silos[1]);
        var alice = await leaving.NewUserAsync();
        var bob = await staying.NewUserAsync();
        var feed = new EventCollector();
        await staying.JoinAsync("room", bob, feed);
        await leaving.JoinAsync("room", alice, new EventCollector());

        await cluster.StopSiloAsync(leaving);
        var left = await feed.WaitForAsync(e => e.Type == RoomEventTypes.Left);

        Assert.Equal(alice.Id, left.User.Id);
        Assert.Equal(3, left.Seq);
    }
}
