using OrleansChat.Bench.Clients;
using OrleansChat.Bench.Measurement;
using OrleansChat.Bench.Servers;

namespace OrleansChat.Bench.Running;

/// <summary>Everything a scenario needs: the profile, which servers to run, the launcher, the client factory, the board.</summary>
public sealed class RunContext(BenchProfile profile, IReadOnlyList<ServerKind> kinds, ServerLauncher launcher, ClientFactory clients, ConsoleProgress progress)
{
    public BenchProfile Profile { get; } = profile;

    /// <summary>The servers to compare: ours, and the SignalR peer unless it was left out.</summary>
    public IReadOnlyList<ServerKind> Kinds { get; } = kinds;

    public ServerLauncher Launcher { get; } = launcher;

    public ClientFactory Clients { get; } = clients;

    public ConsoleProgress Progress { get; } = progress;

    public MeasurementBoard Board { get; } = new();

    public static string NameOf(ServerKind kind) => kind == ServerKind.Ours ? "ours" : "signalr";
}
