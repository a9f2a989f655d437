using System.Diagnostics;
using OrleansChat.Protocol;
using OrleansChat.Tests.Support;
using Xunit.Abstractions;

namespace OrleansChat.Tests.Grains;

/// <summary>
/// Silos that die (<c>KillSiloAsync</c>: no shutdown, nothing sent) or stop, each test on a three-silo cluster of its
/// own with fast failure detection: the survivors commit <c>left</c> for what the dead front end held, and nothing
/// acked is lost.
/// </summary>
[Trait("Category", "Unit")]
public sealed class RoomFailoverTests(ITestOutputHelper output)
{
    /// <summary>
    /// What the product promises after an abrupt kill. An in-process kill is not a SIGKILL: the silo still marks
    /// itself dead in the membership table as it goes, so this measures the reaction (reaper, reactivation, the
    /// room's stream) and not failure detection, which the multi-process tests time.
    /// </summary>
    private static readonly TimeSpan LeftBound = TimeSpan.FromSeconds(10);

    /// <summary>
    /// An in-process kill can take a call (a pulling agent reading its stream queue) and drop the answer, which then
    /// only fails at the response timeout: 30 s by default, as long as a dead TCP connection would never leave it.
    /// </summary>
    private static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(3);

    private static Task<ChatTestCluster> StartClusterAsync(int silos) => ChatTestCluster.StartAsync(silos, responseTimeout: ResponseTimeout);

    [Fact]
    public async Task KillSilo_MembersOnlyOnItsFrontEnd_SurvivorsSeeLeftOnceWithinBound()
    {
        await using var cluster = await StartClusterAsync(3);
        var room = TestRooms.New("room");
        var survivor = cluster.FrontEnds[0];
        var watcher = await survivor.NewUserAsync();
        await using var feed = await survivor.SubscribeAsync(room);
        await using var clientFeed = await TestRoomFeed.SubscribeAsync(cluster.Client, room);
        await survivor.JoinAsync(room, watcher);
        // The room lives on a survivor; the doomed silo is only a front end holding presence.
        var doomed = cluster.FrontEnds.First(f => f != survivor && f != cluster.HostOf(survivor.Room(room)));
        var onlyOnDoomed = await doomed.NewUserAsync();
        var onBoth = await doomed.NewUserAsync();
        await doomed.JoinAsync(room, onlyOnDoomed);
        await doomed.JoinAsync(room, onBoth);
        await survivor.JoinAsync(room, onBoth);
        await feed.WaitForSeqAsync(3);

        var clock = Stopwatch.StartNew();
        await cluster.KillAsync(doomed);
        var left = await feed.WaitForAsync(e => e.Type == RoomEventTypes.Left, TimeSpan.FromSeconds(30));
        var elapsed = clock.Elapsed;
        await clientFeed.WaitForSeqAsync(left.Seq, TimeSpan.FromSeconds(30));
        var marker = await survivor.SendAsync(room, watcher, "marker");
        await feed.WaitForSeqAsync(marker);
        var members = await survivor.Room(room).GetMembersAsync();

        output.WriteLine($"kill -> left on a survivor's feed: {elapsed.TotalMilliseconds:F0} ms");
        Assert.InRange(elapsed, TimeSpan.Zero, LeftBound);
        Assert.Equal((4L, onlyOnDoomed), (left.Seq, left.User));
        Assert.Equal(5, marker);
        Assert.Single(feed.All, e => e.Type == RoomEventTypes.Left);
        Assert.Equal([watcher, onBoth], members.Members);
    }

    [Fact]
    public async Task KillSilo_RoomActivationDiedWithIt_SurvivorsSeeLeftOnceWithinBound()
    {
        await using var cluster = await StartClusterAsync(3);
        var room = TestRooms.New("orphan");
        var (doomed, survivor) = (cluster.FrontEnds[0], cluster.FrontEnds[1]);
        // Activated by the doomed front end's call, so placed on its silo.
        var onlyOnDoomed = await doomed.NewUserAsync();
        await doomed.JoinAsync(room, onlyOnDoomed);
        if (cluster.HostOf(doomed.Room(room)) is { } host && host != doomed)
        {
            await cluster.Cluster.MigrateAsync(doomed.Room(room), doomed.Silo.SiloAddress);
        }
        Assert.Equal(doomed, cluster.HostOf(doomed.Room(room)));
        var watcher = await survivor.NewUserAsync();
        await using var feed = await survivor.SubscribeAsync(room);
        await survivor.JoinAsync(room, watcher);

        var clock = Stopwatch.StartNew();
        await cluster.KillAsync(doomed);
        var left = await feed.WaitForAsync(e => e.Type == RoomEventTypes.Left, TimeSpan.FromSeconds(30));
        var elapsed = clock.Elapsed;
        var marker = await survivor.SendAsync(room, watcher, "marker");
        await feed.WaitForSeqAsync(marker);
        var log = await survivor.Room(room).GetEventsAfterAsync(0, long.MaxValue);

        output.WriteLine($"kill of the room's own silo -> left on a survivor's feed: {elapsed.TotalMilliseconds:F0} ms");
        Assert.InRange(elapsed, TimeSpan.Zero, LeftBound);
        Assert.Equal((3L, onlyOnDoomed), (left.Seq, left.User));
        Assert.Equal(
            [(RoomEventTypes.Joined, onlyOnDoomed.Id), (RoomEventTypes.Joined, watcher.Id), (RoomEventTypes.Left, onlyOnDoomed.Id), (RoomEventTypes.Message, watcher.Id)],
            log.Select(e => (e.Type, e.User.Id)));
        Assert.Equal([watcher], (await survivor.Room(room).GetMembersAsync()).Members);
        Assert.NotEqual(doomed, cluster.HostOf(survivor.Room(room)));
    }

    [Fact]
    public async Task KillSilo_UnderTraffic_NoAckedMessageLostAndEventsAfterRecoverTheMissed()
    {
        await using var cluster = await StartClusterAsync(3);
        var room = TestRooms.New("traffic");
        var (doomed, a, b) = (cluster.FrontEnds[0], cluster.FrontEnds[1], cluster.FrontEnds[2]);
        var alice = await a.NewUserAsync();
        var bob = await b.NewUserAsync();
        // The room is on the silo that dies, mid-traffic.
        await doomed.JoinAsync(room, await doomed.NewUserAsync());
        if (cluster.HostOf(doomed.Room(room)) != doomed)
        {
            await cluster.Cluster.MigrateAsync(doomed.Room(room), doomed.Silo.SiloAddress);
        }
        await using var feed = await a.SubscribeAsync(room);
        var joined = await a.JoinAsync(room, alice);
        await b.JoinAsync(room, bob);

        var acked = new System.Collections.Concurrent.ConcurrentDictionary<long, string>();
        var failures = 0;
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ackedAfterKill = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        async Task SendLoopAsync(TestFrontEnd frontEnd, ChatUser user, string name)
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var text = $"{name}-{i}";
                try
                {
                    acked[await frontEnd.SendAsync(room, user, text)] = text;
                    if (killed.Task.IsCompleted && Interlocked.Increment(ref ackedAfterKill) >= 200)
                    {
                        await stop.CancelAsync();
                    }
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    // Unacked: it may or may not be in the log. Only acked messages are promised.
                    Interlocked.Increment(ref failures);
                }
            }
        }
        var senders = new[] { SendLoopAsync(a, alice, "a1"), SendLoopAsync(a, alice, "a2"), SendLoopAsync(b, bob, "b1"), SendLoopAsync(b, bob, "b2") };
        await Eventually.MatchesAsync(() => Task.FromResult(acked.Count), count => count >= 100);
        await cluster.KillAsync(doomed);
        killed.SetResult();
        await Task.WhenAll(senders);

        // After the failover the stream flows again: a message sent now reaches the feed.
        var marker = await a.SendAsync(room, alice, "marker");
        await feed.WaitForSeqAsync(marker, TimeSpan.FromSeconds(30));
        var log = await b.Room(room).GetEventsAfterAsync(0, marker);
        output.WriteLine($"{acked.Count} sends acked ({ackedAfterKill} after the kill), {failures} refused; log ends at {marker}; the feed received {feed.All.Count} of them");
        Assert.True(ackedAfterKill >= 200, $"only {ackedAfterKill} sends were acked after the kill");
        Assert.Equal(Enumerable.Range(1, (int)marker).Select(i => (long)i), log.Select(e => e.Seq));
        var logged = log.ToDictionary(e => e.Seq);
        Assert.All(acked, pair => Assert.Equal(pair.Value, logged[pair.Key].Text));
        Assert.Single(log, e => e.Type == RoomEventTypes.Left && e.User.Id == log[0].User.Id);

        // What the feed received is the log's; what it missed with the dead silo, the log gives back exactly.
        var received = feed.All.Where(e => e.Seq > joined.Seq).ToList();
        Assert.All(received, e => Assert.Equal(logged[e.Seq], e));
        var filled = new List<RoomEvent>(received);
        var have = received.Select(e => e.Seq).ToHashSet();
        for (var seq = joined.Seq + 1; seq <= marker; seq++)
        {
            if (have.Contains(seq))
            {
                continue;
            }
            var gapEnd = seq;
            while (gapEnd < marker && !have.Contains(gapEnd + 1))
            {
                gapEnd++;
            }
            filled.AddRange(await a.Room(room).GetEventsAfterAsync(seq - 1, gapEnd));
            seq = gapEnd;
        }
        Assert.Equal(log.Where(e => e.Seq > joined.Seq), filled.OrderBy(e => e.Seq));
        // And a client that lost its connection at the feed's first gap resumes with the last seq it saw.
        var lastSeen = joined.Seq;
        while (have.Contains(lastSeen + 1))
        {
            lastSeen++;
        }
        var resumed = await b.JoinAsync(room, alice, after: lastSeen);
        Assert.True(resumed.Recovered);
        Assert.Equal(log.Where(e => e.Seq > lastSeen), resumed.Events.Where(e => e.Seq <= marker));
    }

    [Fact]
    public async Task StopSilo_Gracefully_SurvivorsSeeLeftForItsMembers()
    {
        await using var cluster = await StartClusterAsync(2);
        var (leaving, staying) = (cluster.FrontEnds[0], cluster.FrontEnds[1]);
        var room = TestRooms.New("room");
        var bob = await staying.NewUserAsync();
        await using var feed = await staying.SubscribeAsync(room);
        await staying.JoinAsync(room, bob);
        var alice = await leaving.NewUserAsync();
        await leaving.JoinAsync(room, alice);

        await cluster.StopAsync(leaving);
        var left = await feed.WaitForAsync(e => e.Type == RoomEventTypes.Left, TimeSpan.FromSeconds(30));

        Assert.Equal((3L, alice), (left.Seq, left.User));
        Assert.Equal([bob], (await staying.Room(room).GetMembersAsync()).Members);
    }
}
