using OrleansChat.Bench.Measurement;
using OrleansChat.Bench.Servers;

namespace OrleansChat.Bench.Running;

/// <summary>
/// The server-side processes of a series (one server, or silos, front ends and Redis), sampled as one and each on its
/// own. <see cref="Names"/> label the processes in the report (by default their log names).
/// </summary>
public sealed class ProcessGroup(IReadOnlyList<ChildProcess> processes, IReadOnlyList<string>? names = null)
{
    public IReadOnlyList<ChildProcess> Processes { get; } = processes;

    public IReadOnlyList<string> Names { get; } = names ?? [.. processes.Select(p => p.Name)];

    public ProcessSample Sample() => Total(SampleEach());

    /// <summary>A sample of every process, in the order of <see cref="Processes"/>.</summary>
    public IReadOnlyList<ProcessSample> SampleEach() => [.. Processes.Select(p => p.Sample())];

    /// <summary>The processes of <paramref name="samples"/> as one: CPU and RSS summed.</summary>
    public static ProcessSample Total(IReadOnlyList<ProcessSample> samples)
    {
        double cpu = 0;
        long rss = 0;
        foreach (var sample in samples)
        {
            cpu += sample.CpuSeconds;
            rss += sample.RssBytes;
        }
        return new ProcessSample(cpu, rss, Stopwatch.GetTimestamp());
    }
}
