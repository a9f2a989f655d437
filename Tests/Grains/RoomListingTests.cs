using OrleansChat.Grains;
using OrleansChat.Grains.Directory;
using OrleansChat.Protocol;
using OrleansChat.Tests.Support;

namespace OrleansChat.Tests.Grains;

/// <summary>
/// The room listing behind <c>/api/rooms</c>: its order, the rooms idle past the listing's age dropping out (and
/// coming back), and walking it page by page with a cursor while rooms change.
/// </summary>
[Trait("Category", "Unit")]
public sealed class RoomListingTests(RoomListingFixture fixture) : IClassFixture<RoomListingFixture>
{
    private static readonly TimeSpan IdleAge = RoomListingOptions.DefaultRoomListingIdleAge;

    private ChatTestCluster Cluster => fixture.Cluster;

    private TestFrontEnd FrontEnd => Cluster.FrontEnds[0];

    private IRoomDirectoryGrain Directory => Cluster.Client.GetGrain<IRoomDirectoryGrain>(0);

    [Fact]
    public async Task List_MixedRooms_MembersFirstThenRecentActivityThenName()
    {
        // Each step waits until the directory heard of it, so that it is dated before the clock moves on.
        var quiet = await EmptiedRoomAsync("quiet");
        await ListedAtSeqAsync((quiet, 2));
        var quietAt = fixture.Clock.GetUtcNow();
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        // Two rooms emptied at the same moment: their names decide.
        string[] tied = [await EmptiedRoomAsync("tied"), await EmptiedRoomAsync("tied")];
        var one = TestRooms.New("one");
        var oneUser = await FrontEnd.NewUserAsync();
        await FrontEnd.JoinAsync(one, oneUser);
        var two = TestRooms.New("two");
        await FrontEnd.JoinAsync(two, await FrontEnd.NewUserAsync());
        await FrontEnd.JoinAsync(two, await FrontEnd.NewUserAsync());
        await ListedAtSeqAsync((tied[0], 2), (tied[1], 2), (one, 1), (two, 2));
        var tiedAt = fixture.Clock.GetUtcNow();
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        // Newer activity does not lift a room over one with more members.
        await FrontEnd.SendAsync(one, oneUser, "still here");
        var oneAt = fixture.Clock.GetUtcNow();

        var ours = await ListedAtSeqAsync((quiet, 2), (tied[0], 2), (tied[1], 2), (one, 2), (two, 2));

        Assert.Equal([two, one, .. tied.Order(StringComparer.Ordinal), quiet], ours.Select(r => r.Room));
        Assert.Equal([2, 1, 0, 0, 0], ours.Select(r => r.Members));
        Assert.Equal(oneAt, ours[1].LastActivity);
        Assert.Equal([tiedAt, tiedAt, quietAt], ours.Skip(2).Select(r => r.LastActivity));
    }

    [Fact]
    public async Task List_RoomIdlePastAge_DropsOutUntilAJoinListsItAgainWithItsHistory()
    {
        var idle = await EmptiedRoomAsync("idle");
        var occupied = TestRooms.New("occupied");
        await FrontEnd.JoinAsync(occupied, await FrontEnd.NewUserAsync());
        await ListedAtSeqAsync((idle, 2), (occupied, 1));

        fixture.Clock.Advance(IdleAge - TimeSpan.FromSeconds(1));
        var beforeAge = await ListAllAsync();
        fixture.Clock.Advance(TimeSpan.FromSeconds(2));
        var pastAge = await ListAllAsync();
        var visitor = await FrontEnd.NewUserAsync();
        await FrontEnd.JoinAsync(idle, visitor);
        await FrontEnd.LeaveAsync(idle, visitor);
        var back = await ListedAtSeqAsync((idle, 4));

        Assert.Contains(beforeAge, r => r.Room == idle);
        Assert.DoesNotContain(pastAge, r => r.Room == idle);
        // A room with members stays, however long it has been quiet.
        Assert.Contains(pastAge, r => r.Room == occupied);
        Assert.Equal(new ListedRoom(idle, 0, 4, fixture.Clock.GetUtcNow()), Assert.Single(back));
        // Dropping out of the listing dropped none of the room's history.
        var history = await FrontEnd.Room(idle).GetHistoryAsync(long.MaxValue, 50);
        Assert.Equal([RoomEventTypes.Joined, RoomEventTypes.Left, RoomEventTypes.Joined, RoomEventTypes.Left], history.Select(e => e.Type));
    }

    [Fact]
    public async Task State_RoomIdlePastAge_ForgottenWhenTheDirectoryWrites()
    {
        var idle = await EmptiedRoomAsync("forgotten");
        var occupied = TestRooms.New("kept");
        var member = await FrontEnd.NewUserAsync();
        await FrontEnd.JoinAsync(occupied, member);
        await ListedAtSeqAsync((idle, 2), (occupied, 1));
        Assert.True((await StoredDirectoryAsync()).Rooms.ContainsKey(idle));

        fixture.Clock.Advance(IdleAge + TimeSpan.FromSeconds(1));
        // A change of front ends is written at once, and the write leaves out the rooms the listing no longer shows.
        await FrontEnd.JoinAsync(TestRooms.New("writer"), member);
        var stored = await Eventually.MatchesAsync(StoredDirectoryAsync, s => !s.Rooms.ContainsKey(idle));

        Assert.DoesNotContain(idle, stored.Rooms.Keys);
        Assert.Contains(occupied, stored.Rooms.Keys);
    }

    [Fact]
    public async Task List_PagedWithCursor_WalksEveryRoomOnceInListingOrder()
    {
        var rooms = new List<(string Room, long Seq)>();
        // 30 rooms of 0, 1 or 2 members; activity dates spread by the clock moving (some rooms share one).
        for (var i = 0; i < 30; i++)
        {
            var users = i % 3;
            if (users == 0)
            {
                rooms.Add((await EmptiedRoomAsync("many"), 2));
            }
            else
            {
                var room = TestRooms.New("many");
                for (var u = 0; u < users; u++)
                {
                    await FrontEnd.JoinAsync(room, await FrontEnd.NewUserAsync());
                }
                rooms.Add((room, users));
            }
            if (i % 4 == 0)
            {
                fixture.Clock.Advance(TimeSpan.FromSeconds(1));
            }
        }
        await ListedAtSeqAsync([.. rooms]);

        var whole = await Directory.ListAsync(RoomListingPage.MaxLimit, null);
        var pages = new List<RoomListingPage>();
        RoomListingCursor? cursor = null;
        do
        {
            var page = await Directory.ListAsync(7, cursor);
            pages.Add(page);
            cursor = page.Next;
        }
        while (cursor is not null);
        var walked = pages.SelectMany(p => p.Rooms).ToList();

        Assert.Null(whole.Next);
        Assert.True(whole.Rooms.Count >= 30);
        Assert.All(pages.SkipLast(1), p => Assert.Equal(7, p.Rooms.Count));
        Assert.InRange(pages[^1].Rooms.Count, 1, 7);
        Assert.Equal(whole.Rooms, walked);
        Assert.Equal(rooms.Select(r => r.Room).Order(StringComparer.Ordinal), walked.Select(r => r.Room).Intersect(rooms.Select(r => r.Room)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task List_RoomsChangeDuringWalk_NoRoomHandedOutTwice()
    {
        var users = new Dictionary<string, ChatUser>();
        for (var i = 0; i < 6; i++)
        {
            var room = TestRooms.New("walk");
            users[room] = await FrontEnd.NewUserAsync();
            await FrontEnd.JoinAsync(room, users[room]);
        }
        await ListedAtSeqAsync([.. users.Keys.Select(r => (r, 1L))]);
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));

        // One room at a time until the walk has handed out one of ours; then that room empties (it moves down, past
        // the cursor), another gets a message (it moves up), and a new room appears.
        var seen = new List<ListedRoom>();
        var page = await Directory.ListAsync(1, null);
        seen.AddRange(page.Rooms);
        while (!users.ContainsKey(seen[^1].Room))
        {
            page = await Directory.ListAsync(1, page.Next);
            seen.AddRange(page.Rooms);
        }
        var emptied = seen[^1].Room;
        await FrontEnd.LeaveAsync(emptied, users[emptied]);
        var talkative = users.Keys.First(r => r != emptied);
        await FrontEnd.SendAsync(talkative, users[talkative], "moving up");
        var newcomer = TestRooms.New("walk-new");
        await FrontEnd.JoinAsync(newcomer, await FrontEnd.NewUserAsync());
        await ListedAtSeqAsync((emptied, 2), (talkative, 2), (newcomer, 1));
        while (page.Next is not null)
        {
            page = await Directory.ListAsync(2, page.Next);
            seen.AddRange(page.Rooms);
        }

        Assert.Equal(seen.Count, seen.Select(r => r.Room).Distinct().Count());
        Assert.Single(seen, r => r.Room == emptied);
        // The rooms that did not move are all there.
        Assert.All(users.Keys.Where(r => r != emptied && r != talkative), r => Assert.Contains(seen, s => s.Room == r));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(RoomListingPage.MaxLimit + 1)]
    public async Task List_LimitOutOfRange_Refused(int limit)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Directory.ListAsync(limit, null));
    }

    /// <summary>A room of the test's that a user joined and left: no members, seq 2.</summary>
    private async Task<string> EmptiedRoomAsync(string prefix)
    {
        var room = TestRooms.New(prefix);
        var user = await FrontEnd.NewUserAsync();
        await FrontEnd.JoinAsync(room, user);
        await FrontEnd.LeaveAsync(room, user);
        return room;
    }

    /// <summary>The whole listing, in order, in one page.</summary>
    private async Task<IReadOnlyList<ListedRoom>> ListAllAsync() => (await Directory.ListAsync(RoomListingPage.MaxLimit, null)).Rooms;

    /// <summary>
    /// The listing's lines for these rooms, in listing order, once the directory has heard of every room at its seq:
    /// rooms report after they commit, in the background, and the listing dates activity when a report arrives.
    /// </summary>
    private async Task<IReadOnlyList<ListedRoom>> ListedAtSeqAsync(params (string Room, long Seq)[] rooms)
    {
        var ours = await Eventually.MatchesAsync(
            async () => (await ListAllAsync()).Where(r => rooms.Any(x => x.Room == r.Room)).ToList(),
            listed => rooms.All(x => listed.Any(r => r.Room == x.Room && r.Seq == x.Seq)));
        Assert.Equal(rooms.Select(r => r.Room).Order(StringComparer.Ordinal), ours.Select(r => r.Room).Order(StringComparer.Ordinal));
        return ours;
    }

    private Task<RoomDirectoryState> StoredDirectoryAsync() => Cluster.ReadStoredStateAsync<RoomDirectoryState>("room-directory", Directory);
}
