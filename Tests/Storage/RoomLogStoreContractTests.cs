using OrleansChat.Grains.Rooms;
using OrleansChat.Grains.Storage;
using OrleansChat.Protocol;

namespace OrleansChat.Tests.Storage;

/// <summary>
/// What every room log store keeps (see <see cref="IRoomLogStore"/>), one body run against each: a subclass only
/// says how to make a fresh store that shares nothing with other tests.
/// </summary>
public abstract class RoomLogStoreContractTests : IAsyncLifetime
{
    private const string Room = "contract";

    private static readonly DateTimeOffset At = new(2026, 11, 22, 4, 0, 0, 123, TimeSpan.Zero);
    private static readonly ChatUser Alice = new("0190a7c0-0000-7000-8000-000000000001", "quiet-otter");
    private static readonly ChatUser Bob = new("0190a7c0-0000-7000-8000-000000000002", "brave-badger");

    /// <summary>A fresh store keeping <paramref name="retention"/> events per room.</summary>
    protected abstract IRoomLogStore CreateStore(int retention = 1000);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ReadHead_NewRoom_IsEmpty()
    {
        var store = CreateStore();

        var head = await store.ReadHeadAsync(Room);

        Assert.Equal(0, head.Seq);
        Assert.Empty(head.Presence.Members);
        Assert.Empty(await store.ReadAfterAsync(Room, 0, long.MaxValue, 10));
        Assert.Empty(await store.ReadBeforeAsync(Room, long.MaxValue, 10));
    }

    [Fact]
    public async Task Append_ExpectedSeq_StoresEventsWithConsecutiveSeqsAndPresence()
    {
        var store = CreateStore();
        var alicePresent = Presence((Alice, ["front-a"]));
        var bothPresent = Presence((Alice, ["front-a"]), (Bob, ["front-a", "front-b"]));
        RoomEvent[] first = [Event(1, RoomEventTypes.Joined, Alice), Event(2, RoomEventTypes.Message, Alice, "hello\nworld 🦦")];
        RoomEvent[] second = [Event(3, RoomEventTypes.Joined, Bob)];

        await store.AppendAsync(Room, new RoomAppend(0, first, alicePresent));
        var afterFirst = await store.ReadHeadAsync(Room);
        await store.AppendAsync(Room, new RoomAppend(2, second, bothPresent));
        var head = await store.ReadHeadAsync(Room);

        Assert.Equal(2, afterFirst.Seq);
        AssertPresence(alicePresent, afterFirst.Presence);
        Assert.Equal(3, head.Seq);
        AssertPresence(bothPresent, head.Presence);
        Assert.Equal([.. first, .. second], await store.ReadAfterAsync(Room, 0, long.MaxValue, 10));
    }

    [Fact]
    public async Task Append_PresenceOnly_MovesPresenceAndKeepsTheSeq()
    {
        var store = CreateStore();
        var onA = Presence((Alice, ["front-a"]));
        var onBoth = Presence((Alice, ["front-a", "front-b"]));
        await store.AppendAsync(Room, new RoomAppend(0, [Event(1, RoomEventTypes.Joined, Alice)], onA));

        await store.AppendAsync(Room, new RoomAppend(1, [], onBoth));
        var head = await store.ReadHeadAsync(Room);

        Assert.Equal(1, head.Seq);
        AssertPresence(onBoth, head.Presence);
        Assert.Single(await store.ReadAfterAsync(Room, 0, long.MaxValue, 10));
    }

    [Fact]
    public async Task Append_PresenceNull_LeavesThePresenceAsItWas()
    {
        var store = CreateStore();
        var present = Presence((Alice, ["front-a"]));
        await store.AppendAsync(Room, new RoomAppend(0, [Event(1, RoomEventTypes.Joined, Alice)], present));

        await store.AppendAsync(Room, new RoomAppend(1, [Event(2, RoomEventTypes.Message, Alice, "a"), Event(3, RoomEventTypes.Message, Alice, "b")], null));
        var head = await store.ReadHeadAsync(Room);

        Assert.Equal(3, head.Seq);
        AssertPresence(present, head.Presence);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Append_StaleOrFutureExpectedSeq_ThrowsConflictAndWritesNothing(long expectedSeq)
    {
        var store = CreateStore();
        var present = Presence((Alice, ["front-a"]));
        RoomEvent[] committed = [Event(1, RoomEventTypes.Joined, Alice), Event(2, RoomEventTypes.Message, Alice, "kept")];
        await store.AppendAsync(Room, new RoomAppend(0, committed, present));

        var stale = new RoomAppend(expectedSeq, [Event(expectedSeq + 1, RoomEventTypes.Message, Bob, "lost")], Presence((Bob, ["front-b"])));
        await Assert.ThrowsAsync<RoomLogConflictException>(() => store.AppendAsync(Room, stale));
        var head = await store.ReadHeadAsync(Room);

        Assert.Equal(2, head.Seq);
        AssertPresence(present, head.Presence);
        Assert.Equal(committed, await store.ReadAfterAsync(Room, 0, long.MaxValue, 10));
    }

    [Fact]
    public async Task ReadAfter_Paged_ReturnsOldestFirstWithinLimitAndUpTo()
    {
        var store = CreateStore();
        var events = await AppendMessagesAsync(store, 10);

        var firstPage = await store.ReadAfterAsync(Room, 0, long.MaxValue, 4);
        var secondPage = await store.ReadAfterAsync(Room, firstPage[^1].Seq, long.MaxValue, 4);
        var tail = await store.ReadAfterAsync(Room, 8, long.MaxValue, 100);
        var bounded = await store.ReadAfterAsync(Room, 2, 5, 100);
        var none = await store.ReadAfterAsync(Room, 10, long.MaxValue, 100);
        var empty = await store.ReadAfterAsync(Room, 5, 5, 100);

        Assert.Equal(events[..4], firstPage);
        Assert.Equal(events[4..8], secondPage);
        Assert.Equal(events[8..], tail);
        Assert.Equal([3L, 4, 5], bounded.Select(e => e.Seq));
        Assert.Empty(none);
        Assert.Empty(empty);
    }

    [Fact]
    public async Task ReadBefore_ReturnsTheMostRecentBeforeSeqOldestFirst()
    {
        var store = CreateStore();
        var events = await AppendMessagesAsync(store, 10);

        var latest = await store.ReadBeforeAsync(Room, long.MaxValue, 3);
        var before = await store.ReadBeforeAsync(Room, 5, 3);
        var start = await store.ReadBeforeAsync(Room, 3, 50);
        var none = await store.ReadBeforeAsync(Room, 1, 50);

        Assert.Equal(events[7..], latest);
        Assert.Equal([2L, 3, 4], before.Select(e => e.Seq));
        Assert.Equal(events[..2], start);
        Assert.Empty(none);
    }

    [Fact]
    public async Task Append_PastRetention_KeepsOnlyTheMostRecentEvents()
    {
        var store = CreateStore(retention: 5);
        for (var seq = 1L; seq <= 12; seq += 3)
        {
            await store.AppendAsync(Room, new RoomAppend(seq - 1, [Message(seq), Message(seq + 1), Message(seq + 2)], null));
        }

        var kept = await store.ReadAfterAsync(Room, 0, long.MaxValue, 100);
        var history = await store.ReadBeforeAsync(Room, long.MaxValue, 100);
        var beforeTrim = await store.ReadBeforeAsync(Room, 8, 100);
        var head = await store.ReadHeadAsync(Room);

        Assert.Equal([8L, 9, 10, 11, 12], kept.Select(e => e.Seq));
        Assert.Equal(kept, history);
        Assert.Empty(beforeTrim);
        Assert.Equal(12, head.Seq);
    }

    [Fact]
    public async Task Append_TwoRooms_KeepSeparateLogsAndHeads()
    {
        var store = CreateStore();
        await store.AppendAsync("room-a", new RoomAppend(0, [Event(1, RoomEventTypes.Joined, Alice, room: "room-a")], Presence((Alice, ["front-a"]))));
        await store.AppendAsync("room-b", new RoomAppend(0, [Event(1, RoomEventTypes.Joined, Bob, room: "room-b"), Event(2, RoomEventTypes.Message, Bob, "b", "room-b")], null));

        Assert.Equal(1, (await store.ReadHeadAsync("room-a")).Seq);
        Assert.Equal(2, (await store.ReadHeadAsync("room-b")).Seq);
        Assert.Equal([Alice], (await store.ReadAfterAsync("room-a", 0, long.MaxValue, 10)).Select(e => e.User));
        Assert.Equal([Bob, Bob], (await store.ReadAfterAsync("room-b", 0, long.MaxValue, 10)).Select(e => e.User));
        Assert.Empty((await store.ReadHeadAsync("room-b")).Presence.Members);
    }

    private static async Task<RoomEvent[]> AppendMessagesAsync(IRoomLogStore store, int count)
    {
        var events = Enumerable.Range(1, count).Select(seq => Message(seq)).ToArray();
        await store.AppendAsync(Room, new RoomAppend(0, events, null));
        return events;
    }

    private static RoomEvent Message(long seq) => Event(seq, RoomEventTypes.Message, seq % 2 == 0 ? Bob : Alice, $"m{seq}");

    private static RoomEvent Event(long seq, string type, ChatUser user, string? text = null, string room = Room) =>
        new(type, room, seq, user, text, At.AddSeconds(seq));

    private static RoomPresence Presence(params (ChatUser User, string[] FrontEnds)[] members) =>
        new([.. members.Select(m => new RoomMember(m.User, m.FrontEnds))]);

    private static void AssertPresence(RoomPresence expected, RoomPresence actual) =>
        Assert.Equal(
            expected.Members.Select(m => (m.User, string.Join(",", m.FrontEnds))),
            actual.Members.Select(m => (m.User, string.Join(",", m.FrontEnds))));
}
