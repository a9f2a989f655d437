using System.Globalization;
using System.Text;
using OrleansChat.Bench.Measurement;
using OrleansChat.Bench.Running;

namespace OrleansChat.Bench.Report;

/// <summary>
/// Writes report.md: the headline table first (ours, the SignalR peer, the ratio), the chart, then one section per
/// scenario with its tables, and how the numbers were taken.
/// </summary>
public static class MarkdownReport
{
    public static string Render(RunInfo run, IReadOnlyList<ScenarioResult> scenarios, string chartFile)
    {
        ArgumentNullException.ThrowIfNull(run);
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# OrleansChat benchmark, {run.Started:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- Command: `{run.Command}`");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Profile: {run.Profile}; total run time {run.Duration:m\\:ss}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {run.Machine}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Commit: {run.Commit}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Our server's Orleans memory streams: {run.Streams}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Latency percentiles: {LatencyHistogram.Precision}");
        if (run.Note is not null)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- Note: {run.Note}");
        }
        md.AppendLine("- Generator and servers share the machine; everything runs over real WebSockets on loopback.");
        md.AppendLine();
        md.AppendLine("## Headline");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Rates are the highest delivery rate **held**: p99 latency <= {BenchProfile.HeadlineP99Ms:0} ms, nothing lost, duplicated or refused, generator not saturated.");
        md.AppendLine("The ratio is ours / SignalR peer from this same run; the last column says which server the ratio favours.");
        md.AppendLine();
        md.AppendLine("| metric | ours | SignalR peer | ours / peer | better |");
        md.AppendLine("|---|---:|---:|---:|---|");
        foreach (var entry in scenarios.SelectMany(s => s.Headline))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {entry.Metric} | {Value(entry.Ours, entry.Unit)} | {(entry.Peer is null ? "n/a" + (entry.Note is null ? "" : $" ({entry.Note})") : Value(entry.Peer, entry.Unit))} | {Format.Ratio(entry.Ratio)} | {Better(entry)} |");
        }
        foreach (var failed in scenarios.Where(s => s.Failure is not null))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {failed.Title} | did not complete: {Escape(failed.Failure!)} | | | |");
        }
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"![Latency percentiles against offered delivery rate, ours vs SignalR]({chartFile})");
        md.AppendLine();
        md.AppendLine("## How to read this");
        md.AppendLine();
        md.AppendLine("- **Latency** is receive time minus the *intended* send time of an open-loop schedule, so a server that falls behind is charged for the whole backlog (no coordinated omission). Percentiles come from HdrHistogram (precision in the header).");
        md.AppendLine("- **target/s** is the offered delivery rate (messages/s x receivers); **delivered/s** is what arrived from the measurement window (warm-up excluded). **lost** = expected deliveries that had not arrived by the end of the drain; **dup** = a sender's message seen twice; **err** = error replies (e.g. `rate_limited`) or sends that failed, e.g. on a connection the server had closed (the header lists error codes and close codes seen).");
        md.AppendLine("- **srv cores** is server CPU (user + system, from /proc) over the window; **srv µs/delivery** divides it by the delivery rate, the server's cost per delivered event. **gen cores** is the generator's CPU: a step where it reached 0.95 cores, or fell more than 10 ms behind its own schedule at p99 (and that lag was at least half the latency p99), is **invalid** (the generator, not the server, was the limit). **other cores** is CPU that other processes on the machine took during the window (the machine is shared): where it is high, a step measures the contention as much as the server. A step that is not held is run once more before the sweep stops, and the better of the two is kept.");
        md.AppendLine("- **held** = valid, p99 within 50 ms, no loss, no duplicates, no errors. In the chart, solid lines are p99, dashed lines p50; the red line is the 50 ms bound; hollow points are steps that were not held.");
        md.AppendLine();
        foreach (var scenario in scenarios)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"## {scenario.Title}");
            md.AppendLine();
            md.AppendLine(scenario.Description);
            md.AppendLine();
            if (scenario.Failure is not null)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"**Did not complete:** {Escape(scenario.Failure)}");
                md.AppendLine();
            }
            foreach (var table in scenario.Tables)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"**{table.Caption}**");
                md.AppendLine();
                md.AppendLine("| " + string.Join(" | ", table.Headers) + " |");
                md.AppendLine("|" + string.Concat(table.Headers.Select((_, i) => i == 0 ? "---|" : "---:|")));
                foreach (var row in table.Rows)
                {
                    md.AppendLine("| " + string.Join(" | ", row.Select(Escape)) + " |");
                }
                md.AppendLine();
            }
            foreach (var note in scenario.Notes)
            {
                md.AppendLine("- " + note);
            }
            if (scenario.Notes.Count > 0)
            {
                md.AppendLine();
            }
            md.AppendLine(CultureInfo.InvariantCulture, $"_Scenario time: {scenario.Duration:m\\:ss}._");
            md.AppendLine();
        }
        return md.ToString();
    }

    private static string Value(double? value, string unit) => value switch
    {
        null => "n/a",
        { } v when unit == "ms" => Format.Ms(v) + " ms",
        { } v when unit == "KB" => Format.Fixed(v, 1) + " KB",
        { } v when unit == "µs" => Format.Fixed(v, 1) + " µs",
        { } v => Format.Rate(v) + (unit.StartsWith("of ", StringComparison.Ordinal) ? " " + unit : ""),
    };

    private static string Better(HeadlineEntry entry)
    {
        if (entry.Ratio is not { } ratio)
        {
            return "";
        }
        if (Math.Abs(ratio - 1) < 0.05)
        {
            return "even";
        }
        var oursWins = entry.HigherIsBetter ? ratio > 1 : ratio < 1;
        return (oursWins ? "ours" : "peer") + (entry.HigherIsBetter ? " (higher is better)" : " (lower is better)");
    }

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
