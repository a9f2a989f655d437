using OrleansChat.Grains;
using OrleansChat.Protocol;
using OrleansChat.Tests.Support;
using Xunit.Abstractions;

namespace OrleansChat.Tests.Grains;

/// <summary>A room across the front ends of a three-silo cluster: seq order, presence per front end, group commit.</summary>
[Trait("Category", "Unit")]
[Collection(ChatClusterCollection.Name)]
public sealed class RoomGrainTests(ChatClusterFixture fixture, ITestOutputHelper output)
{
    private ChatTestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Send_TwoFrontEndsAndAClient_SeeSameEventsInSeqOrder()
    {
        var room = TestRooms.New("general");
        var (a, b) = (Cluster.FrontEnds[0], Cluster.FrontEnds[1]);
        await using var feed = await a.SubscribeAsync(room);
        await using var clientFeed = await TestRoomFeed.SubscribeAsync(Cluster.Client, room);
        var alice = await a.NewUserAsync();
        var bob = await b.NewUserAsync();

        var first = await a.JoinAsync(room, alice);
        var second = await b.JoinAsync(room, bob);
        var texts = new List<string>();
        var sends = new List<Task<long>>();
        for (var i = 0; i < 50; i++)
        {
            texts.Add($"a{i}");
            sends.Add(a.SendAsync(room, alice, $"a{i}"));
            texts.Add($"b{i}");
            sends.Add(b.SendAsync(room, bob, $"b{i}"));
        }
        var acked = await Task.WhenAll(sends);
        await feed.WaitForSeqAsync(102);
        await clientFeed.WaitForSeqAsync(102);

        Assert.Equal(1, first.Seq);
        Assert.Equal(2, second.Seq);
        Assert.Equal([alice, bob], second.Members);
        Assert.Equal(Enumerable.Range(3, 100).Select(i => (long)i), acked.Order());
        Assert.Equal(Enumerable.Range(1, 102).Select(i => (long)i), feed.Seqs);
        Assert.Equal(feed.All, clientFeed.All);
        // Each ack names the seq its own message was committed at.
        var bySeq = feed.All.ToDictionary(e => e.Seq);
        Assert.All(acked.Zip(texts), pair => Assert.Equal(pair.Second, bySeq[pair.First].Text));
        Assert.All(feed.All, e => Assert.Equal(room, e.Room));
    }

    [Fact]
    public async Task Join_SameUserOnSecondFrontEnd_CommitsNoJoinedAndLastLeaveCommitsLeft()
    {
        var room = TestRooms.New("lobby");
        var (a, b) = (Cluster.FrontEnds[0], Cluster.FrontEnds[1]);
        await using var feed = await b.SubscribeAsync(room);
        var alice = await a.NewUserAsync();
        var bob = await b.NewUserAsync();
        await b.JoinAsync(room, bob);

        var joined = await a.JoinAsync(room, alice);
        var again = await a.JoinAsync(room, alice);
        var onSecondFrontEnd = await b.JoinAsync(room, alice);
        await a.LeaveAsync(room, alice);
        var message = await a.SendAsync(room, alice, "still here");
        await b.LeaveAsync(room, alice);
        await b.LeaveAsync(room, alice);
        var left = await feed.WaitForAsync(e => e.Type == RoomEventTypes.Left);
        var members = await a.Room(room).GetMembersAsync();

        Assert.Equal([2L, 2, 2], [joined.Seq, again.Seq, onSecondFrontEnd.Seq]);
        Assert.Equal(3, message);
        Assert.Equal(
            [(1L, RoomEventTypes.Joined, bob.Id), (2, RoomEventTypes.Joined, alice.Id), (3, RoomEventTypes.Message, alice.Id), (4, RoomEventTypes.Left, alice.Id)],
            feed.All.Select(e => (e.Seq, e.Type, e.User.Id)));
        Assert.Equal(alice, left.User);
        Assert.Equal(4, members.Seq);
        Assert.Equal([bob], members.Members);
    }

    [Fact]
    public async Task Join_ConcurrentlyFromThreeFrontEnds_CommitsOnceEachAndMembersAreExact()
    {
        var room = TestRooms.New("busy");
        var frontEnds = Cluster.FrontEnds;
        var watcher = await frontEnds[0].NewUserAsync();
        await using var feed = await frontEnds[0].SubscribeAsync(room);
        await frontEnds[0].JoinAsync(room, watcher);
        var users = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => frontEnds[i % 3].NewUserAsync()));

        // Every user joins through every front end at once: 90 joins, 30 members.
        var joins = users.SelectMany(user => frontEnds.Select(frontEnd => (User: user, Join: Task.Run(() => frontEnd.JoinAsync(room, user))))).ToList();
        await Task.WhenAll(joins.Select(j => j.Join));
        await feed.WaitForSeqAsync(31);
        var members = await Task.WhenAll(frontEnds.Select(f => f.Room(room).GetMembersAsync()));

        var joined = feed.All.Where(e => e.Type == RoomEventTypes.Joined).Select(e => e.User.Id).ToList();
        Assert.Equal(Enumerable.Range(1, 31).Select(i => (long)i), feed.Seqs);
        Assert.Equal([watcher.Id, .. users.Select(u => u.Id).Order()], [joined[0], .. joined.Skip(1).Order()]);
        Assert.All(members, m => Assert.Equal(31, m.Seq));
        Assert.All(members, m => Assert.Equal(joined, m.Members.Select(u => u.Id)));
        // A joiner's own joined is committed before its reply: it is a member at the reply's seq.
        Assert.All(joins, j => Assert.Contains(j.User, j.Join.Result.Members));
        Assert.All(joins, j => Assert.InRange(j.Join.Result.Seq, 2, 31));
    }

    [Fact]
    public async Task RemoveFrontEnd_MembersOnlyThere_GetLeftExactlyOnceAndOthersStay()
    {
        var room = TestRooms.New("reaped");
        var (a, b) = (Cluster.FrontEnds[0], Cluster.FrontEnds[1]);
        await using var feed = await b.SubscribeAsync(room);
        var onlyA = await a.NewUserAsync();
        var both = await a.NewUserAsync();
        var onlyB = await b.NewUserAsync();
        await a.JoinAsync(room, onlyA);
        await a.JoinAsync(room, both);
        await b.JoinAsync(room, both);
        await b.JoinAsync(room, onlyB);

        // Every surviving silo's reaper may get there; only the first changes anything.
        await Task.WhenAll(Enumerable.Range(0, 3).Select(i => Cluster.FrontEnds[i].Room(room).RemoveFrontEndAsync(a.Id)));
        await b.Room(room).RemoveFrontEndAsync(a.Id);
        var marker = await b.SendAsync(room, onlyB, "marker");
        await feed.WaitForSeqAsync(marker);
        var members = await b.Room(room).GetMembersAsync();

        Assert.Equal(
            [(RoomEventTypes.Left, onlyA.Id), (RoomEventTypes.Message, onlyB.Id)],
            feed.All.Where(e => e.Seq > 3).Select(e => (e.Type, e.User.Id)));
        Assert.Equal(5, marker);
        Assert.Equal([both, onlyB], members.Members);
        // The member still held by B leaves only when B lets it go.
        await b.LeaveAsync(room, both);
        var left = await feed.WaitForAsync(e => e.Type == RoomEventTypes.Left && e.User.Id == both.Id);
        Assert.Equal(6, left.Seq);
    }

    [Fact]
    public async Task RenameMember_LeavesLaterOnOtherFrontEnd_LeftAndMembersCarryNewName()
    {
        var room = TestRooms.New("names");
        var (a, b) = (Cluster.FrontEnds[0], Cluster.FrontEnds[1]);
        await using var feed = await b.SubscribeAsync(room);
        var alice = await a.NewUserAsync();
        var bob = await b.NewUserAsync();
        await b.JoinAsync(room, bob);
        await a.JoinAsync(room, alice);
        await b.JoinAsync(room, alice);

        var renamed = await a.User(alice.Id).RenameAsync("Alice Renamed");
        await a.Room(room).RenameMemberAsync(renamed);
        var members = await b.Room(room).GetMembersAsync();
        await a.LeaveAsync(room, alice);
        await b.LeaveAsync(room, alice);
        var left = await feed.WaitForAsync(e => e.Type == RoomEventTypes.Left);

        Assert.Equal([bob, renamed], members.Members);
        Assert.Equal(2, members.Seq);
        Assert.Equal(renamed, left.User);
        Assert.Equal(3, left.Seq);
    }

    [Fact]
    public async Task Send_NotAMember_IsRefusedAndCommitsNothing()
    {
        var room = TestRooms.New("members-only");
        var a = Cluster.FrontEnds[0];
        var member = await a.NewUserAsync();
        var stranger = await a.NewUserAsync();
        await a.JoinAsync(room, member);

        await Assert.ThrowsAsync<NotAMemberException>(() => a.SendAsync(room, stranger, "let me in"));
        var next = await a.SendAsync(room, member, "hello");
        var log = await a.Room(room).GetEventsAfterAsync(0, long.MaxValue);

        Assert.Equal(2, next);
        Assert.Equal([RoomEventTypes.Joined, RoomEventTypes.Message], log.Select(e => e.Type));
    }

    [Fact]
    public async Task Send_ManyConcurrentInOneRoom_ConsecutiveUniqueSeqsAndFewerAppendsThanSends()
    {
        const int Sends = 500;
        var room = TestRooms.New("group-commit");
        var (a, b) = (Cluster.FrontEnds[0], Cluster.FrontEnds[1]);
        var alice = await a.NewUserAsync();
        var joined = await a.JoinAsync(room, alice);
        var appendsBefore = Cluster.Appends[room];
        // The first append takes as long as a durable store's under load; the sends that come meanwhile queue up.
        Cluster.Faults.Arm(room, RoomLogFault.Slow);

        var acked = await Task.WhenAll(Enumerable.Range(0, Sends).Select(i => (i % 2 == 0 ? a : b).SendAsync(room, alice, $"m{i}")));
        var appends = Cluster.Appends[room] - appendsBefore;
        var log = await a.Room(room).GetEventsAfterAsync(joined.Seq, long.MaxValue);

        output.WriteLine($"{Sends} concurrent sends committed in {appends} appends");
        Assert.Equal(Enumerable.Range((int)joined.Seq + 1, Sends).Select(i => (long)i), acked.Order());
        Assert.Equal(acked.Order(), log.Select(e => e.Seq));
        Assert.All(acked.Select((seq, i) => (seq, i)), x => Assert.Equal($"m{x.i}", log[(int)(x.seq - joined.Seq - 1)].Text));
        Assert.InRange(appends, 1, Sends / 2);
    }
}
