using OrleansChat.Bench.Clients;
using OrleansChat.Bench.Measurement;

namespace OrleansChat.Bench.Servers;

/// <summary>A started and ready server: its kind, its base address and its process.</summary>
public sealed class RunningServer(ServerKind kind, Uri uri, ChildProcess process) : IAsyncDisposable
{
    public ServerKind Kind { get; } = kind;

    public Uri Uri { get; } = uri;

    public ChildProcess Process { get; } = process;

    public ProcessSample Sample() => Process.Sample();

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
