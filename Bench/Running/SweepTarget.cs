using OrleansChat.Bench.Clients;

namespace OrleansChat.Bench.Running;

/// <summary>One server of a sweep: its kind, the senders that load it, and the processes to sample.</summary>
public sealed record SweepTarget(ServerKind Kind, IReadOnlyList<Sender> Senders, ProcessGroup Servers);
