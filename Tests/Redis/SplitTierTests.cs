using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansChat.Tests.Support;
using Xunit.Abstractions;

namespace OrleansChat.Tests.Redis;

/// <summary>
/// The split tier (DESIGN.md, "Providers and topologies") as separate processes on a real redis-server: headless
/// silos hold the grains, WebFronts are Orleans clients of them (<c>Orleans__Role=Client</c>) holding the sockets.
/// A client front end that is killed loses its presence by its lease; a silo killed or frozen under the front ends
/// costs no acked message, no socket and no gap or duplicate in any client's order.
/// </summary>
[Trait("Category", "Integration")]
[Collection(RedisCollection.Name)]
public sealed class SplitTierTests(RedisFixture redis, ITestOutputHelper output)
{
    private const int Kills = 5;

    /// <summary>How long the tests give the cluster to take every room's sends again after a failure.</summary>
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ClusterApi_TwoSilosTwoClientWebFronts_ListsBothTiersWithClientFrontEndsActive()
    {
        await using var cluster = new ProcessCluster(redis.ConnectionString, "tiers");
        var silos = await cluster.StartSilosAsync(2);
        var webFronts = await cluster.StartClientWebFrontsAsync(2);
        await using var alice = await webFronts[0].ConnectAsync();

        // Renewals start with the front end; the other one's first one may still be on its way.
        var cluster0 = await Eventually.MatchesAsync(() => ClusterAsync(webFronts[0]), c => ListsActive(c.FrontEnds, webFronts), TimeSpan.FromSeconds(15));
        var cluster1 = await Eventually.MatchesAsync(() => ClusterAsync(webFronts[1]), c => ListsActive(c.FrontEnds, webFronts), TimeSpan.FromSeconds(15));

        // welcome.silo names the front end that holds the socket: the client's own id, not a silo.
        Assert.Equal(webFronts[0].SiloId, alice.Welcome.GetProperty("silo").GetString());
        Assert.All(webFronts, w => Assert.StartsWith("client:", w.SiloId, StringComparison.Ordinal));
        Assert.NotEqual(webFronts[0].SiloId, webFronts[1].SiloId);
        // The silo tier: exactly the two headless silos, active; a client front end is no silo.
        Assert.Equal(
            silos.Select(s => $"127.0.0.1:{s.SiloPort}").Order(),
            cluster0.Silos.Where(s => s.GetProperty("status").GetString() == "active").Select(s => s.GetProperty("address").GetString()).Order());
        Assert.DoesNotContain(cluster0.Silos, s => webFronts.Any(w => w.SiloId == s.GetProperty("id").GetString()));
        // The front tier: both clients, active, with the HTTP address they serve; each sees itself as self.
        foreach (var (view, self) in new[] { (cluster0, webFronts[0]), (cluster1, webFronts[1]) })
        {
            foreach (var webFront in webFronts)
            {
                var entry = Assert.Single(view.FrontEnds, f => f.GetProperty("id").GetString() == webFront.SiloId);
                Assert.Equal("client", entry.GetProperty("role").GetString());
                Assert.Equal("active", entry.GetProperty("status").GetString());
                Assert.Equal($"http://127.0.0.1:{webFront.HttpPort}", entry.GetProperty("address").GetString());
                Assert.Equal(webFront == self, entry.GetProperty("self").GetBoolean());
            }
        }
    }

    [Fact]
    public async Task ClientWebFrontKilled_UserInRoomWithUserOnOtherFrontEnd_OtherSeesLeftWithinTenSecondsOnce()
    {
        await using var cluster = new ProcessCluster(redis.ConnectionString, "client-kill");
        await cluster.StartSilosAsync(2);
        var survivor = await cluster.StartClientWebFrontAsync();
        var room = TestRooms.New("client-kill");
        await using var watcher = await survivor.ConnectAsync();
        await watcher.JoinAsync(room);
        var seen = new List<TimeSpan>();
        var victims = new List<string>();

        // scripts/measure-failover.sh split asks for more kills.
        var kills = Failover.Kills(Kills);
        var next = cluster.StartClientWebFrontAsync();
        for (var kill = 1; kill <= kills; kill++)
        {
            await using var doomed = await next;
            await using var victim = await doomed.ConnectAsync();
            Assert.Equal(doomed.SiloId, victim.Welcome.GetProperty("silo").GetString());
            await victim.JoinAsync(room);
            await watcher.WaitForAsync(f => f.Type() == "joined" && f.UserId() == victim.UserId);
            victims.Add(victim.UserId);

            var left = watcher.WaitForAsync(f => f.IsLeft(room, victim.UserId), TimeSpan.FromSeconds(30));
            var clock = Stopwatch.StartNew();
            await doomed.KillAsync();
            await left;
            seen.Add(clock.Elapsed);
            output.WriteLine($"kill {kill}: left seen on the other front end after {seen[^1].TotalMilliseconds:F0} ms");
            // The next victim's front end starts while this one's registry entry is checked.
            next = kill < kills ? cluster.StartClientWebFrontAsync() : Task.FromResult<ChatProcess>(null!);
            var frontEnds = await Eventually.MatchesAsync(
                async () => (await ClusterAsync(survivor)).FrontEnds,
                f => f.Any(e => e.GetProperty("id").GetString() == doomed.SiloId && e.GetProperty("status").GetString() == "dead"));
            Assert.Contains(frontEnds, e => e.GetProperty("id").GetString() == doomed.SiloId && e.GetProperty("status").GetString() == "dead");
        }

        var log = await RoomEvents.ReadLogAsync(survivor, room);
        output.WriteLine($"kill -> left over {kills} SIGKILLs of a client WebFront: {Failover.Summary(seen)}");

        Assert.All(seen, s => Assert.InRange(s, TimeSpan.Zero, Failover.LeftPromise));
        // Every victim left exactly once; the user on the surviving front end never did.
        Assert.Equal(victims.Order(StringComparer.Ordinal), log.Where(e => e.Type() == "left").Select(e => e.UserId()).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(log, e => e.Type() == "left" && e.UserId() == watcher.UserId);
        Assert.False(watcher.IsClosed);
    }

    [Fact]
    public async Task SiloKilled_UnderTwoClientWebFrontsWhileClientsSend_NoAckedMessageLostAndEveryClientSeesOneGapFreeOrder()
    {
        // Three silos, one killed at a time and replaced, so two survive every kill.
        await using var cluster = new ProcessCluster(redis.ConnectionString, "silo-kill", Failover.UnlimitedRate);
        var silos = (await cluster.StartSilosAsync(3)).ToList();
        var webFronts = await cluster.StartClientWebFrontsAsync(2);
        // Several rooms, so that each kill takes some rooms (and stream queues) with it.
        var rooms = Enumerable.Range(0, 6).Select(_ => TestRooms.New("silo-kill")).ToList();
        await using var traffic = await Traffic.StartAsync(webFronts, clientsPerFrontEnd: 2, rooms);
        var perKill = new List<string>();

        for (var kill = 1; kill <= Kills; kill++)
        {
            await traffic.WaitForAcksAsync(40);
            var victim = silos[0];
            silos.RemoveAt(0);
            var replacement = cluster.StartSiloAsync();
            var killedAt = Stopwatch.GetTimestamp();
            await victim.KillAsync();
            // Recovered: every room takes every client's sends again, and the membership has declared the victim dead.
            var recovered = await traffic.WaitForEveryRoomToAckAfterAsync(killedAt, RecoveryLimit);
            await WaitForSiloStatusAsync(webFronts[0], victim, "dead");
            silos.Add(await replacement);
            perKill.Add($"{recovered.TotalMilliseconds:F0} ms");
            output.WriteLine($"silo kill {kill}: every room acked every client's sends again after {recovered.TotalMilliseconds:F0} ms; longest unavailable so far {traffic.LongestUnavailable.TotalMilliseconds:F0} ms");
        }
        await traffic.WaitForAcksAsync(40);

        await traffic.StopAndVerifyAsync(webFronts[1], output);
        output.WriteLine($"silo kills under client WebFronts: recovered after {string.Join(", ", perKill)}");
    }

    [Fact]
    public async Task SiloFrozen_SigstopFifteenSecondsThenSigcont_SendsAckAgainAndNoAckedMessageLost()
    {
        await using var cluster = new ProcessCluster(redis.ConnectionString, "silo-stop", Failover.UnlimitedRate);
        var silos = await cluster.StartSilosAsync(2);
        var webFronts = await cluster.StartClientWebFrontsAsync(2);
        var rooms = Enumerable.Range(0, 4).Select(_ => TestRooms.New("silo-stop")).ToList();
        // A front end whose registry calls went through the frozen silo's gateway cannot renew its lease: its users'
        // presence may be dropped and asserted again (left, joined), and sends in between refused. What must hold is
        // below: recovery, no acked message lost, one order for all, sockets kept.
        await using var traffic = await Traffic.StartAsync(webFronts, clientsPerFrontEnd: 2, rooms, tolerateCutOff: true);
        await traffic.WaitForAcksAsync(40);

        await silos[0].SuspendAsync();
        // The fault itself lasts 15 s (a frozen VM, a long pause): this delay is the stimulus, not a wait for a result.
        await Task.Delay(TimeSpan.FromSeconds(15));
        await silos[0].ResumeAsync();
        var resumedAt = Stopwatch.GetTimestamp();

        var recovered = await traffic.WaitForEveryRoomToAckAfterAsync(resumedAt, RecoveryLimit);
        await traffic.WaitForAcksAsync(40);
        output.WriteLine($"silo SIGSTOP 15 s: after SIGCONT every room acked every client's sends again after {recovered.TotalMilliseconds:F0} ms; " +
            $"the frozen silo {(silos[0].HasExited ? "exited (it had been declared dead)" : "still runs")}");

        await traffic.StopAndVerifyAsync(webFronts[1], output);
    }

    /// <summary>Whether <paramref name="frontEnds"/> lists every one of <paramref name="webFronts"/> as active, with its HTTP address.</summary>
    private static bool ListsActive(IReadOnlyList<JsonElement> frontEnds, IEnumerable<ChatProcess> webFronts) =>
        webFronts.All(w => frontEnds.Any(f => f.GetProperty("id").GetString() == w.SiloId
            && f.GetProperty("status").GetString() == "active"
            && f.GetProperty("address").GetString() == $"http://127.0.0.1:{w.HttpPort}"));

    private static async Task WaitForSiloStatusAsync(ChatProcess webFront, ChatProcess silo, string status)
    {
        var address = $"127.0.0.1:{silo.SiloPort}";
        var silos = await Eventually.MatchesAsync(
            async () => (await ClusterAsync(webFront)).Silos,
            all => all.Any(s => s.GetProperty("address").GetString() == address && s.GetProperty("status").GetString() == status),
            RecoveryLimit);
        Assert.True(silos.Any(s => s.GetProperty("address").GetString() == address && s.GetProperty("status").GetString() == status),
            $"{webFront.Name} never listed {silo.Name} ({address}) as {status}: {string.Join(", ", silos.Select(s => s.GetRawText()))}");
    }

    private static async Task<(IReadOnlyList<JsonElement> Silos, IReadOnlyList<JsonElement> FrontEnds)> ClusterAsync(ChatProcess webFront)
    {
        using var response = await webFront.Http.GetAsync("/api/cluster");
        if (response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable)
        {
            // The cluster is still settling after a kill: nothing listed yet, and the caller polls again.
            return ([], []);
        }
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return ([.. json.RootElement.GetProperty("silos").EnumerateArray().Select(s => s.Clone())],
            [.. json.RootElement.GetProperty("frontEnds").EnumerateArray().Select(s => s.Clone())]);
    }

    /// <summary>
    /// Clients on every front end, each in every room, each sending round the rooms at a steady pace until stopped:
    /// what they were acked, and for how long a room answered them <c>unavailable</c>.
    /// </summary>
    private sealed class Traffic : IAsyncDisposable
    {
        private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(100);
        private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(100);

        private readonly List<Sender> _senders;
        private readonly IReadOnlyList<string> _rooms;
        private readonly CancellationTokenSource _stop = new();
        private readonly List<Task> _running;

        private readonly bool _tolerateCutOff;

        private Traffic(List<Sender> senders, IReadOnlyList<string> rooms, bool tolerateCutOff)
        {
            _tolerateCutOff = tolerateCutOff;
            _senders = senders;
            _rooms = rooms;
            _running = [.. senders.Select(s => Task.Run(() => s.RunAsync(_stop.Token)))];
        }

        public TimeSpan LongestUnavailable => _senders.Max(s => s.LongestUnavailable);

        /// <summary>
        /// Connects the clients and joins them to every room. <paramref name="tolerateCutOff"/>: a front end may be cut off
        /// from the registry (its users' presence dropped and asserted again, sends refused with other errors meanwhile).
        /// </summary>
        public static async Task<Traffic> StartAsync(IReadOnlyList<ChatProcess> webFronts, int clientsPerFrontEnd, IReadOnlyList<string> rooms, bool tolerateCutOff = false)
        {
            var senders = new List<Sender>();
            try
            {
                foreach (var webFront in webFronts)
                {
                    for (var i = 0; i < clientsPerFrontEnd; i++)
                    {
                        var client = await webFront.ConnectAsync();
                        var joinedAt = new Dictionary<string, long>(StringComparer.Ordinal);
                        foreach (var room in rooms)
                        {
                            joinedAt[room] = (await client.JoinAsync(room)).Seq();
                        }
                        senders.Add(new Sender(client, $"{webFront.Name}-{i}", rooms, joinedAt, tolerateCutOff));
                    }
                }
            }
            catch
            {
                foreach (var sender in senders)
                {
                    await sender.Client.DisposeAsync();
                }
                throw;
            }
            return new Traffic(senders, rooms, tolerateCutOff);
        }

        /// <summary>Waits until <paramref name="count"/> more sends were acked, all clients together.</summary>
        public async Task WaitForAcksAsync(int count)
        {
            var target = _senders.Sum(s => s.AckCount) + count;
            var clock = Stopwatch.StartNew();
            while (_senders.Sum(s => s.AckCount) < target)
            {
                ThrowIfFailed();
                Assert.True(clock.Elapsed < RecoveryLimit, $"Fewer than {count} sends acked within {RecoveryLimit.TotalSeconds:F0} s.");
                await Task.Delay(20);
            }
        }

        /// <summary>Waits until every client had a send acked in every room that it started after <paramref name="since"/>; returns how long after.</summary>
        public async Task<TimeSpan> WaitForEveryRoomToAckAfterAsync(long since, TimeSpan limit)
        {
            while (true)
            {
                ThrowIfFailed();
                var elapsed = Stopwatch.GetElapsedTime(since);
                var recoveredAt = _senders.SelectMany(s => _rooms.Select(r => s.FirstAckStartedAfter(r, since))).ToList();
                if (recoveredAt.All(t => t is not null))
                {
                    return recoveredAt.Max(t => Stopwatch.GetElapsedTime(since, t!.Value));
                }
                if (elapsed >= limit)
                {
                    var refusing = _senders.SelectMany(s => _rooms.Where(r => s.FirstAckStartedAfter(r, since) is null).Select(r => $"{s.Name} in {r} (last answer: {s.LastAnswer(r)})"));
                    Assert.Fail($"Some rooms still refuse some clients' sends {elapsed.TotalSeconds:F1} s after the fault: {string.Join("; ", refusing)}.");
                }
                await Task.Delay(20);
            }
        }

        /// <summary>
        /// Stops sending and checks what a user would notice: every acked message is in the room's log with its text
        /// at its seq, every client has seen every event from its join to the end once and in order, identical across
        /// clients, and no client lost its socket.
        /// </summary>
        public async Task StopAndVerifyAsync(ChatProcess webFront, ITestOutputHelper output)
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_running);
            var acked = _senders.SelectMany(s => s.Acked).ToList();
            var lost = 0;
            var logs = new Dictionary<string, IReadOnlyList<JsonElement>>(StringComparer.Ordinal);
            foreach (var room in _rooms)
            {
                logs[room] = await RoomEvents.ReadLogAsync(webFront, room);
            }
            foreach (var (room, seq, text) in acked)
            {
                var log = logs[room];
                if (seq < 1 || seq > log.Count || log[(int)seq - 1].Seq() != seq || log[(int)seq - 1].Type() != "message" || log[(int)seq - 1].Text() != text)
                {
                    lost++;
                }
            }
            var lefts = logs.Values.Sum(log => log.Count(e => e.Type() == "left"));
            output.WriteLine($"{acked.Count} sends acked, {_senders.Sum(s => s.Refused)} answered unavailable, {_senders.Sum(s => s.Failed)} other errors " +
                $"({string.Join(", ", _senders.SelectMany(s => s.FailedCodes).Distinct())}), {lefts} left events; acked messages lost: {lost}; " +
                $"longest a room answered a client unavailable: {LongestUnavailable.TotalMilliseconds:F0} ms; slowest reply {_senders.Max(s => s.SlowestReply).TotalMilliseconds:F0} ms");

            Assert.Equal(0, lost);
            foreach (var room in _rooms)
            {
                var log = logs[room];
                var last = log[^1].Seq();
                Assert.Equal(RoomEvents.Consecutive(1, last), log.Select(e => e.Seq()));
                var reference = _senders[0];
                foreach (var sender in _senders)
                {
                    await sender.Client.WaitForEventAsync(room, last, RecoveryLimit);
                    var joinedAt = sender.JoinedAt[room];
                    var events = sender.Client.Events(room);
                    Assert.Equal(RoomEvents.Consecutive(joinedAt + 1, last), events.Select(e => e.Seq()).Where(s => s > joinedAt));
                    Assert.Equal(
                        reference.Client.Events(room).Where(e => e.Seq() > joinedAt).Select(e => e.GetRawText()),
                        events.Where(e => e.Seq() > joinedAt).Select(e => e.GetRawText()));
                }
                // Nobody left: no client front end died, and a silo's death is no user's. A front end cut off from the
                // registry may have its users' presence dropped, but asserts it again: every left is followed by a joined.
                foreach (var left in log.Where(e => e.Type() == "left"))
                {
                    Assert.True(_tolerateCutOff, $"{room}: {left.GetRawText()}");
                    Assert.Contains(log, e => e.Type() == "joined" && e.UserId() == left.UserId() && e.Seq() > left.Seq());
                }
            }
            Assert.All(_senders, s => Assert.False(s.Client.IsClosed, $"{s.Name} lost its socket"));
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            foreach (var sender in _senders)
            {
                await sender.Client.DisposeAsync();
            }
            _stop.Dispose();
        }

        private void ThrowIfFailed()
        {
            if (_running.FirstOrDefault(t => t.IsFaulted) is { } failed)
            {
                failed.GetAwaiter().GetResult();
            }
        }

        private sealed class Sender(ProtocolClient client, string name, IReadOnlyList<string> rooms, IReadOnlyDictionary<string, long> joinedAt, bool tolerateCutOff)
        {
            private readonly Lock _lock = new();
            private readonly List<(string Room, long Seq, string Text)> _acked = [];
            private readonly Dictionary<string, string> _lastAnswers = new(StringComparer.Ordinal);
            private readonly Dictionary<string, List<(long StartedAt, long AnsweredAt)>> _acks = rooms.ToDictionary(r => r, _ => new List<(long, long)>(), StringComparer.Ordinal);

            public ProtocolClient Client => client;

            public string Name => name;

            public IReadOnlyDictionary<string, long> JoinedAt => joinedAt;

            public int Refused { get; private set; }

            /// <summary>Sends answered with an error other than <c>unavailable</c> (only tolerated when a front end may be cut off).</summary>
            public int Failed { get; private set; }

            public HashSet<string> FailedCodes { get; } = new(StringComparer.Ordinal);

            public TimeSpan LongestUnavailable { get; private set; }

            public TimeSpan SlowestReply { get; private set; }

            public int AckCount
            {
                get
                {
                    lock (_lock)
                    {
                        return _acked.Count;
                    }
                }
            }

            public IReadOnlyList<(string Room, long Seq, string Text)> Acked
            {
                get
                {
                    lock (_lock)
                    {
                        return [.. _acked];
                    }
                }
            }

            /// <summary>The type (and error code) of the last answer to a send to <paramref name="room"/>, for failure messages.</summary>
            public string LastAnswer(string room)
            {
                lock (_lock)
                {
                    return _lastAnswers.GetValueOrDefault(room, "none");
                }
            }

            /// <summary>When the first send to <paramref name="room"/> started after <paramref name="since"/> was acked, if it was.</summary>
            public long? FirstAckStartedAfter(string room, long since)
            {
                lock (_lock)
                {
                    foreach (var (startedAt, answeredAt) in _acks[room])
                    {
                        if (startedAt > since)
                        {
                            return answeredAt;
                        }
                    }
                    return null;
                }
            }

            public async Task RunAsync(CancellationToken stop)
            {
                // Per room: when it started answering this client unavailable (a timestamp), until it acks again.
                var refusedSince = new Dictionary<string, long>(StringComparer.Ordinal);
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var room = rooms[i % rooms.Count];
                    var text = $"{name}-{i}";
                    var startedAt = Stopwatch.GetTimestamp();
                    JsonElement reply;
                    try
                    {
                        reply = await client.RequestAsync(new JsonObject { ["type"] = "send", ["room"] = room, ["text"] = text }, RecoveryLimit);
                    }
                    catch (TimeoutException)
                    {
                        throw new TimeoutException($"{name}: the send of {text} to {room} got no reply within {RecoveryLimit.TotalSeconds:F0} s.");
                    }
                    var answeredAt = Stopwatch.GetTimestamp();
                    var took = Stopwatch.GetElapsedTime(startedAt, answeredAt);
                    SlowestReply = took > SlowestReply ? took : SlowestReply;
                    lock (_lock)
                    {
                        _lastAnswers[room] = reply.Type() == "error" ? $"error {reply.GetProperty("code").GetString()}" : reply.Type();
                    }
                    if (reply.Type() == "ack")
                    {
                        lock (_lock)
                        {
                            _acked.Add((room, reply.Seq(), text));
                            _acks[room].Add((startedAt, answeredAt));
                        }
                        if (refusedSince.Remove(room, out var since))
                        {
                            var unavailable = Stopwatch.GetElapsedTime(since, answeredAt);
                            LongestUnavailable = unavailable > LongestUnavailable ? unavailable : LongestUnavailable;
                        }
                        await Task.Delay(Pace, CancellationToken.None);
                        continue;
                    }
                    Assert.Equal("error", reply.Type());
                    var code = reply.GetProperty("code").GetString()!;
                    if (code != "unavailable")
                    {
                        Assert.True(tolerateCutOff, $"{name}: send to {room} answered {reply.GetRawText()}");
                        Failed++;
                        FailedCodes.Add(code);
                    }
                    Refused++;
                    refusedSince.TryAdd(room, startedAt);
                    await Task.Delay(RetryPause, CancellationToken.None);
                }
            }
        }
    }
}
