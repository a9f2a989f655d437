using OrleansChat.Bench.Clients;
using OrleansChat.Bench.Report;
using OrleansChat.Bench.Running;

namespace OrleansChat.Bench.Scenarios;

/// <summary>
/// Scenario 3, idle capacity: ramps to many idle connections (each with its welcome or SignalR handshake done) and
/// measures the server's resident memory per connection and how fast it accepts them. Client sockets come from
/// several loopback source addresses; one server process is bounded by its open-file limit (about 20,000 here).
/// </summary>
public sealed class IdleScenario : IScenario
{
    private const int WarmUpConnections = 200;
    private const int Checkpoints = 5;
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(3);

    public string Key => "idle";

    public string Title => "3. Idle capacity";

    public async Task<ScenarioResult> RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var target = context.Profile.IdleConnections;
        var rows = new List<IReadOnlyList<string>>();
        var summary = new List<IReadOnlyList<string>>();
        var perConnection = new Dictionary<ServerKind, double>();
        var held = new Dictionary<ServerKind, double>();
        var notes = new List<string>();
        foreach (var kind in context.Kinds)
        {
            var name = RunContext.NameOf(kind);
            context.Progress.Line($"{Title}, {name}: ramping to {target:N0} idle connections");
            var server = await context.Launcher.StartAsync(kind, cancellationToken);
            var clients = new List<BenchClient>();
            try
            {
                var (warm, warmFailed) = await ClientSet.ConnectAsync(context, kind, server.Uri, WarmUpConnections, 32, ClientFactory.IdleReceiveBufferBytes, null, cancellationToken);
                clients.AddRange(warm);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                var baseServer = server.Sample();
                var rampStarted = Stopwatch.GetTimestamp();
                var failed = warmFailed;
                var chunk = (target - WarmUpConnections + Checkpoints - 1) / Checkpoints;
                for (var c = 0; c < Checkpoints && clients.Count < target; c++)
                {
                    var count = Math.Min(chunk, target - clients.Count);
                    var before = clients.Count;
                    var (opened, chunkFailed) = await ClientSet.ConnectAsync(context, kind, server.Uri, count, 128, ClientFactory.IdleReceiveBufferBytes,
                        n => context.Progress.Live($"{name}: {before + n:N0}/{target:N0} connections"), cancellationToken);
                    clients.AddRange(opened);
                    failed += chunkFailed;
                    var sample = server.Sample();
                    var elapsed = Stopwatch.GetElapsedTime(rampStarted).TotalSeconds;
                    rows.Add([name, Format.Count(clients.Count), Format.Fixed(elapsed, 1), Format.Fixed(sample.RssBytes / 1048576.0, 0),
                        Format.Fixed((sample.RssBytes - baseServer.RssBytes) / 1024.0 / Math.Max(1, clients.Count - WarmUpConnections), 1),
                        Format.Fixed(sample.CpuSeconds - baseServer.CpuSeconds, 1)]);
                    context.Progress.Line($"  {name} {clients.Count,7:N0} connections  {elapsed,5:0.0} s  server RSS {sample.RssBytes / 1048576.0:N0} MB  failed {failed}");
                    if (chunkFailed > count / 2)
                    {
                        notes.Add($"{name}: most connections of the last chunk failed; the ramp stopped at {clients.Count:N0}.");
                        break;
                    }
                }
                var rampSeconds = Stopwatch.GetElapsedTime(rampStarted).TotalSeconds;
                var ramped = server.Sample();
                await Task.Delay(Hold, cancellationToken);
                var final = server.Sample();
                var alive = clients.Count(c => !c.IsClosed);
                var added = Math.Max(1, clients.Count - WarmUpConnections);
                var kbPerConnection = (final.RssBytes - baseServer.RssBytes) / 1024.0 / added;
                perConnection[kind] = kbPerConnection;
                held[kind] = alive;
                summary.Add([name, Format.Count(alive), Format.Count(failed), Format.Rate(added / rampSeconds),
                    Format.Fixed(kbPerConnection, 1), Format.Fixed(final.RssBytes / 1048576.0, 0),
                    Format.Fixed((ramped.CpuSeconds - baseServer.CpuSeconds) / added * 1e6, 0),
                    Format.Fixed(final.CoresSince(ramped), 2)]);
                context.Progress.Line($"  {name}: {alive:N0} alive after {Hold.TotalSeconds:0} s, {kbPerConnection:0.0} KB per connection, {added / rampSeconds:N0} connections/s");
            }
            finally
            {
                await server.DisposeAsync();
                await ClientSet.CloseAsync(clients);
            }
        }
        notes.Add("Memory per connection = (server RSS after the ramp and a 3 s hold - RSS with the 200 warm-up connections) / connections added. " +
            "RSS includes garbage not yet collected, so it is an upper bound of what a connection keeps.");
        notes.Add("Each connection of ours gets a new identity (a user grain with a generated UUID and name) and a token; each SignalR connection a connection context and a user record.");
        return new ScenarioResult(Key, Title,
            $"Ramp to {target:N0} idle connections per server ({Checkpoints} chunks, 128 opening at a time, client sockets spread over loopback source addresses), " +
            $"then hold {Hold.TotalSeconds:0} s. The per-process open-file limit here is 20,000, which bounds one server.",
            [
                new ReportTable("Summary", ["server", "alive at end", "failed", "connections/s", "server KB/connection", "server RSS MB", "server CPU µs/connection", "server cores in the hold"], summary),
                new ReportTable("Ramp", ["server", "connections", "seconds", "server RSS MB", "KB/connection so far", "server CPU s"], rows),
            ],
            [
                new HeadlineEntry("Idle: server memory per connection", Get(perConnection, ServerKind.Ours), Get(perConnection, ServerKind.SignalR), "KB", HigherIsBetter: false),
                new HeadlineEntry("Idle: connections held", Get(held, ServerKind.Ours), Get(held, ServerKind.SignalR), "connections", HigherIsBetter: true),
            ],
            [], notes, Stopwatch.GetElapsedTime(started));
    }

    private static double? Get(Dictionary<ServerKind, double> values, ServerKind kind) => values.TryGetValue(kind, out var v) ? v : null;
}
