using OrleansChat.Bench.Clients;
using OrleansChat.Bench.Measurement;
using OrleansChat.Bench.Running;

namespace OrleansChat.Bench.Scenarios;

/// <summary>
/// Clients joined to rooms with some of them sending: the shared setup of the fan-out, chat-mix, cluster and
/// slow-consumer scenarios. Disposing closes every client.
/// </summary>
public sealed class RoomLoad : IAsyncDisposable
{
    private readonly List<Sender> _senders;

    private RoomLoad(List<BenchClient> clients, List<Sender> senders)
    {
        Clients = clients;
        _senders = senders;
    }

    /// <summary>All clients, room by room, members in order.</summary>
    public IReadOnlyList<BenchClient> Clients { get; }

    public IReadOnlyList<Sender> Senders => _senders;

    /// <summary>
    /// Connects <paramref name="rooms"/> x <paramref name="members"/> clients as <paramref name="plan"/> says for each
    /// member index, joins them (room by room, members in order), and makes the first <paramref name="senders"/>
    /// members of each room senders. Senders are interleaved across rooms so a round-robin schedule spreads every
    /// room's messages evenly over time. Members the plan makes tabs of another (ours only) connect and join after
    /// all others, resuming that member's identity with its token: a second tab commits nothing, so a huge room is
    /// set up without a joined event (and a member list) per connection.
    /// </summary>
    public static async Task<RoomLoad> StartAsync(RunContext context, ServerKind kind, Func<int, MemberPlan> plan, string roomPrefix, int rooms, int members, int senders, int padding, CancellationToken cancellationToken)
    {
        var total = rooms * members;
        var plans = Enumerable.Range(0, members).Select(plan).ToArray();
        if (kind != ServerKind.Ours && plans.Any(p => p.TabOf is not null))
        {
            throw new NotSupportedException("Only our server resumes an identity on a second connection.");
        }
        var clients = new BenchClient?[total];
        var recording = plans.Count(p => p.Records);
        try
        {
            await ConnectAndJoinAsync(context, kind, plans, roomPrefix, senders, clients,
                [.. Enumerable.Range(0, total).Where(i => plans[i % members].TabOf is null)], _ => null, cancellationToken);
            await ConnectAndJoinAsync(context, kind, plans, roomPrefix, senders, clients,
                [.. Enumerable.Range(0, total).Where(i => plans[i % members].TabOf is not null)],
                i => ((ChatClient)clients[(i / members * members) + plans[i % members].TabOf!.Value]!).Token, cancellationToken);
        }
        catch
        {
            await ClientSet.CloseAsync(clients.OfType<BenchClient>());
            throw;
        }
        var open = clients.Select(c => c!).ToList();
        var load = new RoomLoad(open, []);
        for (var m = 0; m < senders; m++)
        {
            for (var r = 0; r < rooms; r++)
            {
                var sender = new Sender(open[(r * members) + m], RoomName(roomPrefix, r), m, recording, padding);
                sender.Start(cancellationToken);
                load._senders.Add(sender);
            }
        }
        await ClientSet.WaitQuietAsync(TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(30), cancellationToken);
        return load;
    }

    /// <summary>Connects the clients at <paramref name="indices"/> (with a token to resume, or none), then joins them to their rooms.</summary>
    private static async Task ConnectAndJoinAsync(RunContext context, ServerKind kind, MemberPlan[] plans, string roomPrefix, int senders,
        BenchClient?[] clients, int[] indices, Func<int, string?> token, CancellationToken cancellationToken)
    {
        var members = plans.Length;
        var connected = 0;
        var failed = 0;
        await Parallel.ForEachAsync(indices, new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var member = plans[i % members];
            try
            {
                var client = await context.Clients.ConnectAsync(kind, member.Server, ct, ClientFactory.ReceiveBufferBytes, member.Slow, token(i));
                client.Board = context.Board;
                client.Receiver = member.Records ? new Receiver(context.Board, senders) : null;
                clients[i] = client;
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                Interlocked.Increment(ref failed);
            }
            var n = Interlocked.Increment(ref connected);
            if (n % 100 == 0)
            {
                context.Progress.Live($"connecting {n:N0}/{indices.Length:N0}");
            }
        });
        if (failed > 0)
        {
            throw new InvalidOperationException($"{failed} of {indices.Length} connections failed.");
        }
        // Joins run 32 at a time over all rooms; each is broadcast to the members already in, so a room of N users costs
        // N^2/2 joined events, which the quiet wait after the last join lets drain before any step.
        var joined = 0;
        await Parallel.ForEachAsync(indices, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            await clients[i]!.JoinAsync(RoomName(roomPrefix, i / members), null, ct);
            var n = Interlocked.Increment(ref joined);
            if (n % 100 == 0)
            {
                context.Progress.Live($"joining {n:N0}/{indices.Length:N0}");
            }
        });
    }

    public static string RoomName(string prefix, int index) => $"{prefix}-{index}";

    public async ValueTask DisposeAsync()
    {
        foreach (var sender in Senders)
        {
            await sender.StopAsync();
        }
        await ClientSet.CloseAsync(Clients);
    }
}
