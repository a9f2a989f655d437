using System.Globalization;
using System.Text.Json;
using OrleansChat.Bench.Clients;
using OrleansChat.Bench.Report;
using OrleansChat.Bench.Running;
using OrleansChat.Bench.Servers;

namespace OrleansChat.Bench.Scenarios;

/// <summary>
/// Scenario 4, two silos and Redis: the room's members (measured) are on one silo, the senders on the other, so every
/// message is committed to the room's Redis log and crosses between the silos (grain call, Orleans stream) before it
/// fans out. Ours only: the SignalR peer has no Redis backplane here.
/// </summary>
public sealed class ClusterScenario : IScenario
{
    private const int Senders = 10;

    public string Key => "cluster";

    public string Title => "4. Two silos + Redis";

    /// <summary>Waits until the silo lists <paramref name="silos"/> active silos in <c>GET /api/cluster</c>.</summary>
    private static async Task WaitForClusterAsync(Uri silo, int silos, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.GetTimestamp() + (20 * Stopwatch.Frequency);
        var seen = 0;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            try
            {
                using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri(silo, "/api/cluster"), cancellationToken));
                // Orleans names the status "Active"; the case is not what is being checked.
                seen = json.RootElement.GetProperty("silos").EnumerateArray().Count(s => string.Equals(s.GetProperty("status").GetString(), "active", StringComparison.OrdinalIgnoreCase));
                if (seen >= silos)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
            }
            await Task.Delay(200, cancellationToken);
        }
        throw new InvalidOperationException($"The silos do not see each other ({seen} active in /api/cluster): is the Redis provider in this build?");
    }

    public async Task<ScenarioResult> RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (!context.Kinds.Contains(ServerKind.Ours))
        {
            return new ScenarioResult(Key, Title, "Skipped: our server is not among --servers.", [], [], [], [], TimeSpan.Zero);
        }
        var members = context.Profile.ClusterMembers;
        var label = $"{members} members on silo A, {Senders} senders on silo B";
        context.Progress.Line($"{Title}: starting redis-server and two silos");
        var (redis, port) = await context.Launcher.StartRedisAsync(cancellationToken);
        await using var redisProcess = redis;
        // One cluster per run: both silos share its ids (Orleans would otherwise put every app in "default"/"default"),
        // advertise loopback (the Redis provider would advertise the host's address) and get their own ports from the launcher.
        var cluster = $"bench-{Guid.NewGuid():N}"[..14];
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ServerSettings.ClusterProvider] = "Redis",
            [ServerSettings.RedisConnection] = string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{port}"),
            [ServerSettings.AdvertisedAddress] = "127.0.0.1",
            [ServerSettings.ClusterId] = cluster,
            [ServerSettings.ServiceId] = cluster,
        };
        await using var siloA = await context.Launcher.StartAsync(ServerKind.Ours, cancellationToken, environment);
        await using var siloB = await context.Launcher.StartAsync(ServerKind.Ours, cancellationToken, environment);
        await WaitForClusterAsync(siloA.Uri, 2, cancellationToken);
        await using var load = await RoomLoad.StartAsync(context, ServerKind.Ours,
            m => m < Senders ? new MemberPlan(siloB.Uri, Records: false) : new MemberPlan(siloA.Uri),
            "cluster", 1, members + Senders, Senders, 0, cancellationToken);
        var series = await RateSweep.RunAsync(context, "2 silos", ServerKind.Ours, load.Senders, new ProcessGroup([siloA.Process, siloB.Process, redis]), cancellationToken);
        await siloA.DisposeAsync();
        await siloB.DisposeAsync();
        return new ScenarioResult(Key, Title,
            $"Redis provider (`Cluster__Provider=Redis`, Orleans clustering over Redis, cluster `{cluster}`), two WebFront silos and one redis-server. {label}; only the members on silo A are measured, " +
            "so every measured delivery went sender -> silo B -> room grain (commit to the room's Redis log) -> Orleans stream -> silo A -> member. Server CPU and RSS are both silos plus redis-server.",
            [SweepTable.Of(label, [series])],
            [new HeadlineEntry("Two silos + Redis: deliveries/s held", series.HeldRate, null, "deliveries/s", HigherIsBetter: true, "peer has no Redis backplane here")],
            [series], [], Stopwatch.GetElapsedTime(started));
    }
}
