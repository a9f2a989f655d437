using OrleansChat.Bench.Servers;

namespace OrleansChat.Bench.Report;

/// <summary>
/// What the report says about the run itself: when, what command, on what machine and commit, how long, and the
/// Orleans stream settings our server ran with (they set its delivery latency and idle CPU).
/// </summary>
public sealed record RunInfo(DateTimeOffset Started, string Command, string Profile, string Machine, string Commit, TimeSpan Duration, string? Note, StreamSettings Streams);
