using System.CommandLine;
using OrleansChat.Bench.Clients;
using OrleansChat.Bench.Running;
using OrleansChat.Bench.Scenarios;
using OrleansChat.Bench.Tracing;

namespace OrleansChat.Bench.Cli;

/// <summary>The command line: which scenarios, which profile, which servers, where the builds and the results are.</summary>
public static class BenchCommand
{
    /// <summary>
    /// Settings our server gets for load runs: the per-connection command rate limit (10/s, burst 20 by default, see
    /// PROTOCOL.md) is opened up so the bench measures the fan-out, not the limiter. The burst stays modest: the
    /// limiter refills lazily, one call per elapsed period up to the burst, so a huge burst would cost CPU per command.
    /// </summary>
    public static IReadOnlyDictionary<string, string> DefaultOursEnvironment { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["WebFront__RatePerSecond"] = "20000",
        ["WebFront__RateBurst"] = "200",
    };

    private static string Quote(string arg) => arg.Contains(' ', StringComparison.Ordinal) ? $"\"{arg}\"" : arg;

    public static RootCommand Create(string[] args)
    {
        var scenarios = new Option<string[]>("--scenario", "-s")
        {
            Description = "Scenarios to run: " + string.Join(", ", BenchRunner.AllScenarios.Select(s => s.Key)) + " (default: all).",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => [.. BenchRunner.AllScenarios.Select(s => s.Key)],
        };
        var profile = new Option<string>("--profile", "-p")
        {
            Description = "quick (default: all scenarios in about 10 minutes on 2 cores), full (longer steps, larger counts) or smoke (a short check that scenarios run; numbers mean little).",
            DefaultValueFactory = _ => "quick",
        };
        var servers = new Option<string[]>("--servers")
        {
            Description = "Servers to run: ours, signalr (default: both; ratios need both).",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => ["ours", "signalr"],
        };
        var repo = new Option<string?>("--repo") { Description = "Repository root (default: found above the current folder)." };
        var configuration = new Option<string>("--configuration", "-c") { Description = "Build configuration of the servers.", DefaultValueFactory = _ => "Release" };
        var output = new Option<string?>("--out", "-o") { Description = "Results folder (default: Bench/results)." };
        var sizes = new Option<int[]?>("--sizes") { Description = "Fan-out room sizes (default 10 100 1000).", AllowMultipleArgumentsPerToken = true };
        var idle = new Option<int?>("--idle-connections") { Description = "Idle connections per server (quick: 15000; one process allows about 19,500)." };
        var chatRooms = new Option<int?>("--chat-rooms") { Description = "Rooms of 10 in the chat mix (quick: 100)." };
        var measure = new Option<double?>("--measure-seconds") { Description = "Measurement window per step (quick: 2.5)." };
        var note = new Option<string?>("--note") { Description = "A line for the report's header, e.g. which build of the servers ran." };
        var sources = new Option<int>("--source-addresses") { Description = "Loopback source addresses for client sockets (127.0.0.2 ...).", DefaultValueFactory = _ => 8 };
        var stageRate = new Option<double?>("--stage-rate") { Description = "Deliveries/s of scenario 9's room (quick: 10000), to see where the time goes at another load." };
        var stageMembers = new Option<int?>("--stage-members") { Description = "Members of scenario 9's room (quick: 100)." };
        var stagesFrom = new Option<string?>("--stages-from") { Description = "Only analyse a kept CPU-sampling trace (stages.nettrace of scenario 9) by stage, print it and exit." };
        var serverEnv = new Option<string[]>("--server-env")
        {
            Description = "Extra KEY=VALUE settings for our server (e.g. Streams__PullingPeriod=00:00:00.005); may repeat.",
            AllowMultipleArgumentsPerToken = true,
        };

        var root = new RootCommand("OrleansChat load generator: drives our WebFront and a SignalR peer over real WebSockets on 127.0.0.1 and writes a markdown report and an SVG chart.")
        {
            scenarios, profile, servers, repo, configuration, output, sizes, idle, chatRooms, measure, stageRate, stageMembers, sources, serverEnv, note, stagesFrom,
        };
        root.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(stagesFrom) is { } trace)
            {
                Console.WriteLine(StageBreakdown.Analyze(trace, StageScenario.Stages).Describe());
                return 0;
            }
            var chosen = parse.GetValue(scenarios) ?? [];
            var unknown = chosen.Where(s => !BenchRunner.AllScenarios.Any(a => a.Key.Equals(s, StringComparison.OrdinalIgnoreCase))).ToList();
            if (unknown.Count > 0)
            {
                await Console.Error.WriteLineAsync($"Unknown scenario(s): {string.Join(", ", unknown)}.");
                return 2;
            }
            var selected = BenchProfile.Named(parse.GetValue(profile) ?? "quick");
            if (parse.GetValue(sizes) is { Length: > 0 } s)
            {
                selected = selected with { FanOutSizes = s };
            }
            if (parse.GetValue(idle) is { } i)
            {
                selected = selected with { IdleConnections = i };
            }
            if (parse.GetValue(chatRooms) is { } r)
            {
                selected = selected with { ChatRooms = r };
            }
            if (parse.GetValue(measure) is { } m)
            {
                selected = selected with { Measure = TimeSpan.FromSeconds(m) };
            }
            if (parse.GetValue(stageRate) is { } rate)
            {
                selected = selected with { StageDeliveryRate = rate };
            }
            if (parse.GetValue(stageMembers) is { } roomSize)
            {
                selected = selected with { StageRoomMembers = roomSize };
            }
            var environment = new Dictionary<string, string>(DefaultOursEnvironment, StringComparer.Ordinal);
            foreach (var pair in parse.GetValue(serverEnv) ?? [])
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    await Console.Error.WriteLineAsync($"--server-env wants KEY=VALUE, not '{pair}'.");
                    return 2;
                }
                environment[pair[..eq]] = pair[(eq + 1)..];
            }
            var kinds = new List<ServerKind>();
            foreach (var name in parse.GetValue(servers) ?? [])
            {
                if (name.Equals("ours", StringComparison.OrdinalIgnoreCase))
                {
                    kinds.Add(ServerKind.Ours);
                }
                else if (name.Equals("signalr", StringComparison.OrdinalIgnoreCase))
                {
                    kinds.Add(ServerKind.SignalR);
                }
                else
                {
                    await Console.Error.WriteLineAsync($"Unknown server '{name}' (ours, signalr).");
                    return 2;
                }
            }
            var settings = new BenchSettings(selected, chosen, kinds, parse.GetValue(repo), parse.GetValue(configuration) ?? "Release",
                parse.GetValue(output), parse.GetValue(sources), environment, parse.GetValue(note), "dotnet Bench/bin/Release/net10.0/OrleansChat.Bench.dll " + string.Join(' ', args.Select(Quote)));
            return await new BenchRunner(settings).RunAsync(cancellationToken);
        });
        return root;
    }
}
