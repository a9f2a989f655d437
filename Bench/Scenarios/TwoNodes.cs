using System.Globalization;
using System.Text.Json;
using OrleansChat.Bench.Clients;
using OrleansChat.Bench.Running;
using OrleansChat.Bench.Servers;

namespace OrleansChat.Bench.Scenarios;

/// <summary>
/// Two nodes of one server on one redis-server: for ours two WebFront silos of one Orleans cluster over Redis, or in
/// the split tier two client WebFronts (<c>Orleans__Role=Client</c>) of two headless silos; for the SignalR peer two
/// hubs on its Redis backplane. Disposing stops the front ends, then the silos (not the redis-server, which the
/// scenario owns and may share between servers).
/// </summary>
public sealed class TwoNodes : IAsyncDisposable
{
    private static readonly TimeSpan ClusterTimeout = TimeSpan.FromSeconds(20);

    private readonly IReadOnlyList<ChildProcess> _silos;

    private TwoNodes(RunningServer a, RunningServer b, IReadOnlyList<ChildProcess> silos, string description)
    {
        A = a;
        B = b;
        _silos = silos;
        Description = description;
    }

    public RunningServer A { get; }

    public RunningServer B { get; }

    /// <summary>What the two nodes share, for the report.</summary>
    public string Description { get; }

    /// <summary>Both nodes, the headless silos if any, and the redis-server, to sample as one server and each apart.</summary>
    public ProcessGroup WithRedis(ChildProcess redis) => _silos.Count == 0
        ? new([A.Process, B.Process, redis], ["node A", "node B", "redis-server"])
        : new([.. _silos, A.Process, B.Process, redis], [.. _silos.Select((_, i) => $"silo {i + 1}"), "WebFront A", "WebFront B", "redis-server"]);

    /// <summary>Starts both nodes on the redis-server at <paramref name="redisPort"/>; <paramref name="split"/> (ours only): two headless silos and two client WebFronts instead of two co-hosted WebFronts.</summary>
    public static async Task<TwoNodes> StartAsync(RunContext context, ServerKind kind, int redisPort, bool split, CancellationToken cancellationToken)
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
            description = split
                ? $"two headless silos (`OrleansChat.Silo`) of Orleans cluster `{cluster}` holding the grains, and two WebFronts as their Orleans clients (`Orleans__Role=Client`, gateways found through Redis clustering); `Cluster__Provider=Redis`: clustering, grain state and room logs on the redis-server"
                : $"two WebFront silos of Orleans cluster `{cluster}` (`Cluster__Provider=Redis`: clustering, grain state and room logs on the redis-server)";
        }
        else
        {
            environment = new(StringComparer.Ordinal) { [ServerSettings.RedisConnection] = redis };
            description = "two SignalR hubs on its Redis backplane (`AddStackExchangeRedis`)";
        }
        var silos = new List<ChildProcess>();
        RunningServer? a = null;
        RunningServer? b = null;
        try
        {
            if (split)
            {
                silos.Add(context.Launcher.StartSilo(environment));
                silos.Add(context.Launcher.StartSilo(environment));
                environment[ServerSettings.Role] = "Client";
            }
            a = await context.Launcher.StartAsync(kind, cancellationToken, environment);
            b = await context.Launcher.StartAsync(kind, cancellationToken, environment);
            if (kind == ServerKind.Ours)
            {
                await WaitForClusterAsync(a.Uri, 2, cancellationToken);
            }
            if (split)
            {
                // A client front end answers /healthz before it has a gateway; /readyz says it reaches the grains.
                await WaitReadyAsync(a.Uri, cancellationToken);
                await WaitReadyAsync(b.Uri, cancellationToken);
            }
            return new TwoNodes(a, b, silos, description);
        }
        catch
        {
            foreach (var process in new[] { a?.Process, b?.Process }.Concat(silos))
            {
                if (process is not null)
                {
                    await process.DisposeAsync();
                }
            }
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }
    }

    /// <summary>Waits until the front end answers <c>/readyz</c> with 200.</summary>
    private static async Task WaitReadyAsync(Uri frontEnd, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.GetTimestamp() + (long)(ClusterTimeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(frontEnd, "/readyz"), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
            }
            await Task.Delay(200, cancellationToken);
        }
        throw new InvalidOperationException($"The client front end {frontEnd} is not ready (/readyz) within {ClusterTimeout.TotalSeconds:0} s: does it reach the silos' gateways?");
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
