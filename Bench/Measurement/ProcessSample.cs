namespace OrleansChat.Bench.Measurement;

/// <summary>One reading of a process from /proc: CPU seconds used so far (user + system), resident memory, and when.</summary>
public readonly record struct ProcessSample(double CpuSeconds, long RssBytes, long Timestamp)
{
    /// <summary>Average cores used between <paramref name="earlier"/> and this sample.</summary>
    public double CoresSince(ProcessSample earlier)
    {
        var wall = Stopwatch.GetElapsedTime(earlier.Timestamp, Timestamp).TotalSeconds;
        return wall <= 0 ? 0 : (CpuSeconds - earlier.CpuSeconds) / wall;
    }
}
