using System.Globalization;
using System.Text.Json;
using OrleansChat.Bench.Clients;
using OrleansChat.Bench.Running;
using OrleansChat.Bench.Servers;

namespace OrleansChat.Bench.Scenarios;

/// <summary>
/// Two nodes of one server on one redis-server: for ours two WebFront silos of one Orleans cluster over Redis, for the
/// SignalR peer two hubs on its Redis backplane. Disposing stops both nodes (not the redis-server, which the scenario
/// owns and may share between servers).
/// </summary>
public sealed class TwoNodes : IAsyncDisposable
{
    private static readonly TimeSpan ClusterTimeout = TimeSpan.FromSeconds(20);

    private TwoNodes(RunningServer a, RunningServer b, string description)
    {
        A = a;
        B = b;
        Description = description;
    }

    public RunningServer A { get; }

    public RunningServer B { get; }

    /// <summary>What the two nodes share, for the report.</summary>
    public string Description { get; }

    /// <summary>Both nodes and the redis-server, to sample as one server.</summary>
    public ProcessGroup WithRedis(ChildProcess redis) => new([A.Process, B.Process, redis]);

    public static async Task<TwoNodes> StartAsync(RunContext context, ServerKind kind, int redisPort, CancellationToken cancellationToken)
    {
        var redis = string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{redisPort}");
        Dictionary<string, string> environment;
        string description;
        if (kind == ServerKind.Ours)
        {
            // One cluster per start: both silos share its ids (Orleans would otherwise put every app in "default"/"default"),
            // advertise loopback (the Redis provider would advertise the host's address) and get their own ports from the launcher.
            var cluster = $"bench-{Guid.NewGuid():N}"[..14];
            environment = new(StringComparer.Ordinal)
            {
                [ServerSettings.ClusterProvider] = "Redis",
                [ServerSettings.RedisConnection] = redis,
                [ServerSettings.AdvertisedAddress] = "127.0.0.1",
                [ServerSettings.ClusterId] = cluster,
                [ServerSettings.ServiceId] = cluster,
            };
            description = $"two WebFront silos of Orleans cluster `{cluster}` (`Cluster__Provider=Redis`: clustering, grain state and room logs on the redis-server)";
        }
        else
        {
            environment = new(StringComparer.Ordinal) { [ServerSettings.RedisConnection] = redis };
            description = "two SignalR hubs on its Redis backplane (`AddStackExchangeRedis`)";
        }
        var a = await context.Launcher.StartAsync(kind, cancellationToken, environment);
        RunningServer? b = null;
        try
        {
            b = await context.Launcher.StartAsync(kind, cancellationToken, environment);
            if (kind == ServerKind.Ours)
            {
                await WaitForClusterAsync(a.Uri, 2, cancellationToken);
            }
            return new TwoNodes(a, b, description);
        }
        catch
        {
            await a.DisposeAsync();
            if (b is not null)
            {
                await b.DisposeAsync();
            }
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
    }

    /// <summary>Waits until the silo lists <paramref name="silos"/> active silos in <c>GET /api/cluster</c>.</summary>
    private static async Task WaitForClusterAsync(Uri silo, int silos, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.GetTimestamp() + (long)(ClusterTimeout.TotalSeconds * Stopwatch.Frequency);
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
}
