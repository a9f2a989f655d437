namespace OrleansChat.Bench.Report;

/// <summary>A table for the markdown report: a caption, a header row and rows of already formatted cells.</summary>
public sealed record ReportTable(string Caption, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows);
