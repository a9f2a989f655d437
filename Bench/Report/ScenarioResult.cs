namespace OrleansChat.Bench.Report;

/// <summary>
/// What one scenario produced: its tables and notes for the report, its rows of the headline table, and its rate
/// sweeps (the chart draws those). <see cref="Failure"/> is set when the scenario could not run to the end.
/// </summary>
public sealed record ScenarioResult(
    string Key,
    string Title,
    string Description,
    IReadOnlyList<ReportTable> Tables,
    IReadOnlyList<HeadlineEntry> Headline,
    IReadOnlyList<SeriesResult> Series,
    IReadOnlyList<string> Notes,
    TimeSpan Duration,
    string? Failure = null);
