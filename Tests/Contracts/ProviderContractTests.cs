using System.Text;
using OrleansChat.Runtime;
using OrleansChat.Runtime.Membership;
using OrleansChat.Runtime.Storage;

namespace OrleansChat.Tests.Contracts;

/// <summary>
/// The contract every provider set keeps (store, stream, membership, secrets), one body run against each
/// backend: a subclass per provider only says how to create a fresh, isolated set.
/// </summary>
public abstract class ProviderContractTests
{
    private static readonly GrainId Room = new("room", "contract");

    /// <summary>A fresh set of providers that shares nothing with other tests, keeping <paramref name="logRetention"/> events per log.</summary>
    protected abstract Task<ProviderSet> CreateAsync(int logRetention = 1000);

    [Fact]
    public async Task Commit_FirstVersionedCommit_StoresStateVersionOneAndSeqFromOne()
    {
        await using var providers = await CreateAsync();

        var result = await providers.Storage.CommitAsync(Room, new CommitRequest(0, Bytes("s1"), [Bytes("e1"), Bytes("e2")]));
        var snapshot = await providers.Storage.ReadAsync(Room);

        Assert.Equal(new CommitResult(false, 1, 1), result);
        Assert.Equal("s1", Text(snapshot.State));
        Assert.Equal(1, snapshot.Version);
        Assert.Equal(2, snapshot.LastSeq);
    }

    [Fact]
    public async Task Read_NeverCommitted_IsEmpty()
    {
        await using var providers = await CreateAsync();

        var snapshot = await providers.Storage.ReadAsync(Room);

        Assert.Null(snapshot.State);
        Assert.Equal(0, snapshot.Version);
        Assert.Equal(0, snapshot.LastSeq);
    }

    [Fact]
    public async Task Commit_StaleExpectedVersion_ReportsConflictAndCommitsNothing()
    {
        await using var providers = await CreateAsync();
        await providers.Storage.CommitAsync(Room, new CommitRequest(0, Bytes("s1"), [Bytes("e1")]));

        var result = await providers.Storage.CommitAsync(Room, new CommitRequest(0, Bytes("stale"), [Bytes("lost")]));
        var snapshot = await providers.Storage.ReadAsync(Room);
        var log = await providers.Storage.ReadEventsAfterAsync(Room, 0, 10);

        Assert.True(result.Conflict);
        Assert.Equal(1, result.Version);
        Assert.Equal("s1", Text(snapshot.State));
        Assert.Equal(["e1"], log.Select(e => Text(e.Data)));
    }

    [Fact]
    public async Task Commit_AppendWithoutVersion_TakesNextSeqsAndKeepsStateAndVersion()
    {
        await using var providers = await CreateAsync();
        await providers.Storage.CommitAsync(Room, new CommitRequest(0, Bytes("s1"), [Bytes("joined")]));

        var appended = await providers.Storage.CommitAsync(Room, CommitRequest.Append([Bytes("m1"), Bytes("m2"), Bytes("m3")]));
        var empty = await providers.Storage.CommitAsync(Room, CommitRequest.Append([]));
        var snapshot = await providers.Storage.ReadAsync(Room);

        Assert.Equal(new CommitResult(false, 1, 2), appended);
        Assert.Equal(5, empty.FirstSeq);
        Assert.Equal(new GrainSnapshot(snapshot.State, 1, 4), snapshot);
        Assert.Equal("s1", Text(snapshot.State));
    }

    [Fact]
    public async Task Commit_BinaryEvents_ReadBackByteForByte()
    {
        await using var providers = await CreateAsync();
        byte[] binary = [0, 10, 32, 255, (byte)'\n', (byte)' ', 13, 7];
        var observer = new CollectingObserver();
        await using var subscription = await providers.Streams.SubscribeAsync(Room, observer);

        await providers.Storage.CommitAsync(Room, CommitRequest.Append([binary, [], Bytes("{\"text\":\"a b\\n\"}")]));
        var delivered = await observer.TakeAsync(3);
        var logged = await providers.Storage.ReadEventsAfterAsync(Room, 0, 10);

        Assert.Equal([binary, [], Bytes("{\"text\":\"a b\\n\"}")], logged.Select(e => e.Data));
        Assert.Equal(logged.Select(e => (e.Seq, Convert.ToHexString(e.Data))), delivered.Select(e => (e.Seq, Convert.ToHexString(e.Data))));
    }

    [Fact]
    public async Task ReadEventsAfter_Paged_ReturnsOldestFirstWithinLimit()
    {
        await using var providers = await CreateAsync();
        await providers.Storage.CommitAsync(Room, CommitRequest.Append([.. Enumerable.Range(1, 10).Select(i => Bytes($"e{i}"))]));

        var firstPage = await providers.Storage.ReadEventsAfterAsync(Room, 0, 4);
        var secondPage = await providers.Storage.ReadEventsAfterAsync(Room, firstPage[^1].Seq, 4);
        var tail = await providers.Storage.ReadEventsAfterAsync(Room, 8, 100);
        var none = await providers.Storage.ReadEventsAfterAsync(Room, 10, 100);

        Assert.Equal([1L, 2, 3, 4], firstPage.Select(e => e.Seq));
        Assert.Equal([5L, 6, 7, 8], secondPage.Select(e => e.Seq));
        Assert.Equal(["e9", "e10"], tail.Select(e => Text(e.Data)));
        Assert.Empty(none);
    }

    [Fact]
    public async Task ReadEventsBefore_ReturnsMostRecentBeforeSeqOldestFirst()
    {
        await using var providers = await CreateAsync();
        await providers.Storage.CommitAsync(Room, CommitRequest.Append([.. Enumerable.Range(1, 10).Select(i => Bytes($"e{i}"))]));

        var latest = await providers.Storage.ReadEventsBeforeAsync(Room, long.MaxValue, 3);
        var before = await providers.Storage.ReadEventsBeforeAsync(Room, 5, 3);
        var start = await providers.Storage.ReadEventsBeforeAsync(Room, 3, 50);
        var none = await providers.Storage.ReadEventsBeforeAsync(Room, 1, 50);

        Assert.Equal([8L, 9, 10], latest.Select(e => e.Seq));
        Assert.Equal([2L, 3, 4], before.Select(e => e.Seq));
        Assert.Equal(["e1", "e2"], start.Select(e => Text(e.Data)));
        Assert.Empty(none);
    }

    [Fact]
    public async Task Commit_PastRetention_KeepsOnlyTheMostRecentEvents()
    {
        await using var providers = await CreateAsync(logRetention: 5);
        for (var i = 1; i <= 12; i += 3)
        {
            await providers.Storage.CommitAsync(Room, CommitRequest.Append([Bytes($"e{i}"), Bytes($"e{i + 1}"), Bytes($"e{i + 2}")]));
        }

        var kept = await providers.Storage.ReadEventsAfterAsync(Room, 0, 100);
        var snapshot = await providers.Storage.ReadAsync(Room);

        Assert.Equal([8L, 9, 10, 11, 12], kept.Select(e => e.Seq));
        Assert.Equal(12, snapshot.LastSeq);
    }

    [Fact]
    public async Task Subscribe_ConcurrentCommits_DeliversEveryEventOnceInSeqOrder()
    {
        await using var providers = await CreateAsync();
        var observer = new CollectingObserver();
        await using var subscription = await providers.Streams.SubscribeAsync(Room, observer);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            providers.Storage.CommitAsync(Room, CommitRequest.Append([Bytes($"a{i}"), Bytes($"b{i}")]))));
        var delivered = await observer.TakeAsync(40);

        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), delivered.Select(e => e.Seq));
        var logged = await providers.Storage.ReadEventsAfterAsync(Room, 0, 100);
        Assert.Equal(logged.Select(e => Text(e.Data)), delivered.Select(e => Text(e.Data)));
    }

    [Fact]
    public async Task Subscribe_Disposed_DeliversNothingMoreWhileOthersStillReceive()
    {
        await using var providers = await CreateAsync();
        var leaving = new CollectingObserver();
        var staying = new CollectingObserver();
        var other = new CollectingObserver();
        var subscription = await providers.Streams.SubscribeAsync(Room, leaving);
        await using var stayingSubscription = await providers.Streams.SubscribeAsync(Room, staying);
        await using var otherSubscription = await providers.Streams.SubscribeAsync(new GrainId("room", "other"), other);
        await providers.Storage.CommitAsync(Room, CommitRequest.Append([Bytes("both")]));
        await leaving.TakeAsync(1);

        await subscription.DisposeAsync();
        await providers.Storage.CommitAsync(Room, CommitRequest.Append([Bytes("after")]));
        var stayed = await staying.TakeAsync(2);

        // The staying observer got the later event, which every observer of the stream gets in one go: the leaver would have by now.
        Assert.Equal(["both", "after"], stayed.Select(e => Text(e.Data)));
        Assert.Empty(leaving.Pending());
        Assert.Empty(other.Pending());
    }

    [Fact]
    public async Task ListKeys_ListsCommittedGrainsOfTheTypeOnly()
    {
        await using var providers = await CreateAsync();
        await providers.Storage.CommitAsync(new GrainId("room", "b-room"), new CommitRequest(0, Bytes("s"), [Bytes("e")]));
        await providers.Storage.CommitAsync(new GrainId("room", "a-room"), CommitRequest.Append([Bytes("e")]));
        await providers.Storage.CommitAsync(new GrainId("user", "someone"), new CommitRequest(0, Bytes("s"), []));

        var rooms = await providers.Storage.ListKeysAsync("room");
        var users = await providers.Storage.ListKeysAsync("user");

        Assert.Equal(["a-room", "b-room"], rooms);
        Assert.Equal(["someone"], users);
        Assert.True(await providers.Storage.PingAsync());
    }

    [Fact]
    public async Task Membership_RegisterAndHeartbeat_StampsWithTheTablesClock()
    {
        await using var providers = await CreateAsync();
        var table = providers.Membership;
        var before = await table.GetTimeAsync();

        await table.RegisterAsync("silo-a", "http://a");
        await table.RegisterAsync("silo-b", "http://b");
        var registered = await table.ReadAllAsync();
        await table.HeartbeatAsync("silo-a");
        await table.HeartbeatAsync("never-registered");
        var after = await table.ReadAllAsync();
        var now = await table.GetTimeAsync();

        Assert.Equal(["silo-a", "silo-b"], registered.Select(s => s.SiloId).Order());
        var a = Assert.Single(after, s => s.SiloId == "silo-a");
        Assert.Equal(("http://a", SiloStatus.Active), (a.Address, a.Status));
        Assert.InRange(a.StartedAt, before.AddSeconds(-1), now);
        Assert.InRange(a.Heartbeat, registered.Single(s => s.SiloId == "silo-a").Heartbeat, now);
        Assert.Equal(2, after.Count);
    }

    [Fact]
    public async Task Membership_SetStatus_ChangesTheStatusOfAKnownSiloOnly()
    {
        await using var providers = await CreateAsync();
        var table = providers.Membership;
        await table.RegisterAsync("silo-a", "http://a");
        await table.RegisterAsync("silo-b", "http://b");

        await table.SetStatusAsync("silo-a", SiloStatus.Dead);
        await table.SetStatusAsync("silo-b", SiloStatus.Left);
        await table.SetStatusAsync("unknown", SiloStatus.Dead);
        var silos = await table.ReadAllAsync();

        Assert.Equal([("silo-a", SiloStatus.Dead), ("silo-b", SiloStatus.Left)], silos.Select(s => (s.SiloId, s.Status)).OrderBy(s => s.SiloId));
    }

    [Fact]
    public async Task Membership_ClaimReap_OneWinnerUntilTheLeaseLapses()
    {
        await using var providers = await CreateAsync();
        var table = providers.Membership;
        var lease = TimeSpan.FromMilliseconds(300);

        var claims = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => table.TryClaimReapAsync("dead", $"reaper-{i}", lease)));
        var winner = $"reaper-{Array.IndexOf(claims, true)}";
        var renewed = await table.TryClaimReapAsync("dead", winner, lease);
        var otherDead = await table.TryClaimReapAsync("other-dead", "reaper-x", lease);

        Assert.Single(claims, c => c);
        Assert.True(renewed);
        Assert.True(otherDead);
        // After the lease another silo may take over; poll for it instead of sleeping a fixed time.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (!await table.TryClaimReapAsync("dead", "late-reaper", lease))
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    [Fact]
    public async Task Secrets_ConcurrentCandidates_EveryoneGetsTheFirstStored()
    {
        await using var providers = await CreateAsync();

        var secrets = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => providers.Secrets.GetOrAddAsync("token-key", [(byte)i, 1, 2])));
        var later = await providers.Secrets.GetOrAddAsync("token-key", [9, 9, 9]);
        var other = await providers.Secrets.GetOrAddAsync("other-key", [7]);

        Assert.All(secrets, s => Assert.Equal(secrets[0], s));
        Assert.Equal(secrets[0], later);
        Assert.Equal([(byte)7], other);
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string? Text(byte[]? data) => data is null ? null : Encoding.UTF8.GetString(data);
}
