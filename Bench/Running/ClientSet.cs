using OrleansChat.Bench.Clients;

namespace OrleansChat.Bench.Running;

/// <summary>Opens many connections with bounded parallelism, and closes them all fast.</summary>
public static class ClientSet
{
    /// <summary>Connects <paramref name="count"/> clients; failures are counted, not thrown (the caller reports them).</summary>
    public static async Task<(List<BenchClient> Clients, int Failed)> ConnectAsync(
        RunContext context, ServerKind kind, Uri server, int count, int parallelism, int receiveBufferBytes, Action<int>? progress, CancellationToken cancellationToken, bool slow = false)
    {
        var clients = new BenchClient?[count];
        var failed = 0;
        var done = 0;
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            try
            {
                var client = await context.Clients.ConnectAsync(kind, server, ct, receiveBufferBytes, slow);
                client.Board = context.Board;
                clients[i] = client;
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                Interlocked.Increment(ref failed);
            }
            var n = Interlocked.Increment(ref done);
            if (n % 100 == 0)
            {
                progress?.Invoke(n);
            }
        });
        return ([.. clients.OfType<BenchClient>()], failed);
    }

    /// <summary>Joins every client to its room with bounded parallelism.</summary>
    public static Task JoinAsync(IReadOnlyList<(BenchClient Client, string Room)> joins, int parallelism, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(joins, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (join, ct) => await join.Client.JoinAsync(join.Room, null, ct));

    /// <summary>Closes all clients without a closing handshake (the server is usually stopped first).</summary>
    public static async Task CloseAsync(IEnumerable<BenchClient> clients)
    {
        await Parallel.ForEachAsync(clients, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (client, _) => await client.DisposeAsync());
    }

    /// <summary>Waits until no client has received a frame for <paramref name="quiet"/> (join storms settle), at most <paramref name="max"/>.</summary>
    public static async Task WaitQuietAsync(TimeSpan quiet, TimeSpan max, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(max.TotalSeconds * Stopwatch.Frequency);
        var last = BenchClient.FramesReceived;
        var since = Stopwatch.GetTimestamp();
        while (Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(50, cancellationToken);
            var now = BenchClient.FramesReceived;
            if (now != last)
            {
                last = now;
                since = Stopwatch.GetTimestamp();
            }
            else if (Stopwatch.GetElapsedTime(since) >= quiet)
            {
                return;
            }
        }
    }
}
