using OrleansChat.Bench.Measurement;
using OrleansChat.Bench.Servers;

namespace OrleansChat.Bench.Running;

/// <summary>The server-side processes of a series (one server, or two silos and Redis), sampled as one.</summary>
public sealed class ProcessGroup(IReadOnlyList<ChildProcess> processes)
{
    public IReadOnlyList<ChildProcess> Processes { get; } = processes;

    public ProcessSample Sample()
    {
        double cpu = 0;
        long rss = 0;
        foreach (var process in Processes)
        {
            var sample = process.Sample();
            cpu += sample.CpuSeconds;
            rss += sample.RssBytes;
        }
        return new ProcessSample(cpu, rss, Stopwatch.GetTimestamp());
    }
}
