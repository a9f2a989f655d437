using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;

namespace OrleansChat.Bench.Tracing;

/// <summary>
/// Records a CPU-sampling trace of a .NET process into a .nettrace file, the way <c>dotnet-trace collect --profile
/// cpu-sampling</c> does, but in process through the runtime's diagnostics port, so the bench needs no tool installed:
/// the runtime's sample profiler (every managed thread's stack every millisecond), method load events, and a rundown
/// at the end so that every frame resolves to a method name.
/// </summary>
public static class CpuSampleTrace
{
    /// <summary>The runtime keywords of dotnet-trace's cpu-sampling profile (JIT, loader, GC, exceptions, ...).</summary>
    private const long RuntimeKeywords = 0x14C14FCCBD;

    public static async Task CollectAsync(int pid, TimeSpan duration, string path, CancellationToken cancellationToken)
    {
        var client = new DiagnosticsClient(pid);
        EventPipeProvider[] providers =
        [
            new("Microsoft-DotNETCore-SampleProfiler", EventLevel.Informational),
            new("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, RuntimeKeywords),
        ];
        using var session = await client.StartEventPipeSessionAsync(providers, requestRundown: true, circularBufferMB: 256, cancellationToken);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await using var file = File.Create(path);
        var copying = session.EventStream.CopyToAsync(file, cancellationToken);
        await Task.Delay(duration, cancellationToken);
        await session.StopAsync(cancellationToken);
        await copying;
    }
}
