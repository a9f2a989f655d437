using System.Globalization;
using System.Text.Json;
using OrleansChat.Bench.Clients;
using OrleansChat.Bench.Report;
using OrleansChat.Bench.Scenarios;
using OrleansChat.Bench.Servers;

namespace OrleansChat.Bench.Running;

/// <summary>
/// Runs the chosen scenarios one after another (a scenario that fails is reported, the others still run), then
/// writes report.md, chart.svg and results.json to results/&lt;timestamp&gt;/ and copies them to results/latest/.
/// </summary>
public sealed class BenchRunner(BenchSettings settings)
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public static IReadOnlyList<IScenario> AllScenarios { get; } =
        [
            new FanOutScenario(), new ChatMixScenario(), new IdleScenario(), new ClusterScenario(), new ClusterScenario(split: true), new ResumeScenario(), new SlowConsumerScenario(),
            new BigRoomScenario(), new ManyRoomsScenario(), new StageScenario(),
        ];

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var stamp = started.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var repo = RepoLayout.Find(settings.Repo, settings.Configuration);
        var output = Path.GetFullPath(settings.Output ?? Path.Combine(repo.Root, "Bench", "results"));
        var runFolder = Path.Combine(output, stamp);
        var logs = Path.Combine(output, "tmp", stamp);
        var launcher = new ServerLauncher(repo, logs, settings.OursEnvironment);
        launcher.CheckBuilt(settings.Kinds);
        using var clients = new ClientFactory(settings.SourceAddresses);
        var progress = new ConsoleProgress();
        var context = new RunContext(settings.Profile, settings.Kinds, launcher, clients, progress);
        var scenarios = AllScenarios.Where(s => settings.Scenarios.Contains(s.Key, StringComparer.OrdinalIgnoreCase)).ToList();
        progress.Line($"OrleansChat bench, profile {settings.Profile.Name}, scenarios {string.Join(", ", scenarios.Select(s => s.Key))}, servers {string.Join(", ", settings.Kinds.Select(RunContext.NameOf))}");
        progress.Line($"server logs: {logs}");
        var streams = StreamSettings.Resolve(settings.OursEnvironment, Path.GetDirectoryName(repo.WebFrontDll)!);
        progress.Line($"our server's Orleans memory streams: {streams}");

        var results = new List<ScenarioResult>();
        foreach (var scenario in scenarios)
        {
            var scenarioStarted = Stopwatch.GetTimestamp();
            try
            {
                results.Add(await scenario.RunAsync(context, cancellationToken));
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                progress.Line($"{scenario.Title} failed: {e.Message}");
                results.Add(new ScenarioResult(scenario.Key, scenario.Title, "", [], [], [], [], Stopwatch.GetElapsedTime(scenarioStarted), e.Message));
            }
            progress.Line($"{scenario.Title} done in {Stopwatch.GetElapsedTime(scenarioStarted):m\\:ss}");
        }

        var errors = string.Join(", ", ChatClient.ErrorCodes.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}: {e.Value:N0}"));
        var closes = string.Join(", ", BenchClient.ServerCloses.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}: {e.Value:N0}"));
        var note = string.Join("; ", new[]
        {
            settings.Note,
            errors.Length == 0 ? "no error replies from our server during load" : $"error replies from our server during load, by code: {errors}",
            closes.Length == 0 ? "no connection closed by a server during a load step" : $"connections closed by a server during load steps (both servers), by close code: {closes}",
        }.OfType<string>());
        var run = new RunInfo(started, settings.CommandLine, settings.Profile.Name, MachineDescription(), repo.Commit(), progress.Elapsed, note, streams);
        Directory.CreateDirectory(runFolder);
        const string chartFile = "chart.svg";
        await File.WriteAllTextAsync(Path.Combine(runFolder, "report.md"), MarkdownReport.Render(run, results, chartFile), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(runFolder, chartFile), SvgChart.Render(ChartPanels(results)), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(runFolder, "results.json"), JsonSerializer.Serialize(new { run, results }, JsonOptions), cancellationToken);
        var latest = Path.Combine(output, "latest");
        Directory.CreateDirectory(latest);
        foreach (var file in Directory.GetFiles(runFolder))
        {
            File.Copy(file, Path.Combine(latest, Path.GetFileName(file)), overwrite: true);
        }
        progress.Line($"report: {Path.Combine(runFolder, "report.md")} (copied to {latest})");
        PrintHeadline(results);
        return results.Any(r => r.Failure is not null) ? 1 : 0;
    }

    private static IEnumerable<(string, IReadOnlyList<SeriesResult>)> ChartPanels(IEnumerable<ScenarioResult> results)
    {
        foreach (var result in results)
        {
            foreach (var group in result.Series.GroupBy(s => s.Label))
            {
                var title = result.Key switch
                {
                    "fanout" => $"Fan-out, one room of {group.Key[2..]}",
                    "chat" => "Chat mix, rooms of 10",
                    "cluster" => "Two nodes + Redis",
                    _ => result.Title,
                };
                yield return (title, group.ToList());
            }
        }
    }

    private static void PrintHeadline(IEnumerable<ScenarioResult> results)
    {
        Console.WriteLine();
        Console.WriteLine($"{"metric",-62} {"ours",14} {"signalr",14} {"ratio",8}");
        foreach (var entry in results.SelectMany(r => r.Headline))
        {
            Console.WriteLine($"{entry.Metric,-62} {Show(entry.Ours),14} {Show(entry.Peer),14} {Format.Ratio(entry.Ratio),8}");
        }
    }

    private static string Show(double? value) => value is { } v ? (v >= 100 ? Format.Rate(v) : Format.Fixed(v, 2)) : "n/a";

    private static string MachineDescription()
    {
        var memory = "";
        try
        {
            var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            memory = $", {long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1048576.0:0} GiB";
        }
        catch (IOException)
        {
        }
        var cpu = "";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "";
        }
        catch (IOException)
        {
        }
        return $"{Environment.ProcessorCount} cores{memory}, {cpu}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }
}
