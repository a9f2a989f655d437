namespace OrleansChat.Bench.Report;

/// <summary>What the report says about the run itself: when, what command, on what machine and commit, how long.</summary>
public sealed record RunInfo(DateTimeOffset Started, string Command, string Profile, string Machine, string Commit, TimeSpan Duration, string? Note);
