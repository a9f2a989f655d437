using System.Globalization;
using System.Text;
using Microsoft.Diagnostics.Tracing.Etlx;

namespace OrleansChat.Bench.Tracing;

/// <summary>
/// Where a process's sampled CPU went, by stage: every stack sample of a thread that was running (not parked in a
/// wait) is given to the innermost frame that belongs to a stage; samples with no stage frame go to the Orleans runtime
/// when some frame is Orleans', else to "other". Counts are samples (one per thread per millisecond).
/// </summary>
public sealed class StageBreakdown
{
    /// <summary>Frames of Orleans' own runtime: scheduling, messaging, serialization with no stage of ours on the stack.</summary>
    public const string OrleansRuntime = "Orleans runtime, no stage on the stack";

    public const string Other = "other";

    private const string SampleProvider = "Microsoft-DotNETCore-SampleProfiler";

    private readonly Dictionary<string, long> _byStage = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _unattributedFrames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _idleLeaves = new(StringComparer.Ordinal);

    /// <summary>Samples of threads that were running (or runnable) rather than waiting.</summary>
    public long BusySamples { get; private set; }

    /// <summary>Samples of threads parked in a wait (thread-pool idle, epoll, timers): not CPU.</summary>
    public long IdleSamples { get; private set; }

    public long SamplesOf(string stage) => _byStage.GetValueOrDefault(stage);

    /// <summary>A stage's share of the busy samples, 0 to 1.</summary>
    public double ShareOf(string stage) => BusySamples == 0 ? 0 : (double)SamplesOf(stage) / BusySamples;

    public static StageBreakdown Analyze(string nettracePath, IReadOnlyList<TraceStage> stages)
    {
        var etlx = TraceLog.CreateFromEventPipeDataFile(nettracePath);
        try
        {
            using var log = TraceLog.OpenOrConvert(etlx);
            var breakdown = new StageBreakdown();
            var frames = new List<string>();
            foreach (var e in log.Events)
            {
                if (!string.Equals(e.ProviderName, SampleProvider, StringComparison.Ordinal) || e.CallStack() is not { } stack)
                {
                    continue;
                }
                frames.Clear();
                for (var frame = stack; frame is not null; frame = frame.Caller)
                {
                    frames.Add(frame.CodeAddress.FullMethodName ?? "?");
                }
                breakdown.Add(frames, stages);
            }
            return breakdown;
        }
        finally
        {
            File.Delete(etlx);
        }
    }

    /// <summary>Samples by stage, the commonest frames of samples no stage claimed, and the commonest waits: to check and tune the stages.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"busy samples {BusySamples}, idle samples {IdleSamples}");
        foreach (var (stage, count) in _byStage.OrderByDescending(p => p.Value))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{count,8} {stage}");
        }
        text.AppendLine().AppendLine("frames of unclaimed busy samples (inclusive):");
        foreach (var (frame, count) in _unattributedFrames.OrderByDescending(p => p.Value).Take(80))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{count,8} {frame}");
        }
        text.AppendLine().AppendLine("leaf frames of idle samples:");
        foreach (var (frame, count) in _idleLeaves.OrderByDescending(p => p.Value).Take(20))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{count,8} {frame}");
        }
        return text.ToString();
    }

    /// <summary>
    /// A thread parked in a wait shows a wait as its innermost managed frame: the thread pool's semaphore, a monitor,
    /// a sleep, the socket engine's epoll call. The sample profiler takes those too; they are not CPU.
    /// </summary>
    internal static bool IsWaiting(string leaf) =>
        leaf.Contains("Wait", StringComparison.Ordinal) || leaf.Contains("Sleep", StringComparison.Ordinal);

    private void Add(List<string> frames, IReadOnlyList<TraceStage> stages)
    {
        if (frames.Count == 0 || IsWaiting(frames[0]))
        {
            IdleSamples++;
            var leaf = frames.Count == 0 ? "(no managed frame)" : frames[0];
            _idleLeaves[leaf] = _idleLeaves.GetValueOrDefault(leaf) + 1;
            return;
        }
        BusySamples++;
        // Innermost first: the deepest frame of a stage says what the thread was doing for the message.
        foreach (var frame in frames)
        {
            foreach (var stage in stages)
            {
                if (stage.Matches(frame))
                {
                    _byStage[stage.Name] = _byStage.GetValueOrDefault(stage.Name) + 1;
                    return;
                }
            }
        }
        var bucket = frames.Exists(f => f.StartsWith("Orleans.", StringComparison.Ordinal)) ? OrleansRuntime : Other;
        _byStage[bucket] = _byStage.GetValueOrDefault(bucket) + 1;
        foreach (var frame in frames.Distinct())
        {
            _unattributedFrames[frame] = _unattributedFrames.GetValueOrDefault(frame) + 1;
        }
    }
}
