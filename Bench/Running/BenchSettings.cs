using OrleansChat.Bench.Clients;

namespace OrleansChat.Bench.Running;

/// <summary>What the command line asked for.</summary>
public sealed record BenchSettings(
    BenchProfile Profile,
    IReadOnlyList<string> Scenarios,
    IReadOnlyList<ServerKind> Kinds,
    string? Repo,
    string Configuration,
    string? Output,
    int SourceAddresses,
    IReadOnlyDictionary<string, string> OursEnvironment,
    string? Note,
    string CommandLine);
