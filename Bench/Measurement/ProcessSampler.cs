using System.Globalization;

namespace OrleansChat.Bench.Measurement;

/// <summary>
/// Reads CPU time and resident memory of a process from /proc/&lt;pid&gt;/stat and /proc/&lt;pid&gt;/status, so the
/// servers (child processes) and the generator itself are measured the same way, without a profiler.
/// </summary>
public static class ProcessSampler
{
    // USER_HZ: the unit of utime/stime in /proc/<pid>/stat; 100 on every Linux architecture .NET runs on.
    private const double ClockTicksPerSecond = 100;

    /// <summary>A sample of the process, or an empty one when it is gone.</summary>
    public static ProcessSample Read(int pid)
    {
        var now = Stopwatch.GetTimestamp();
        try
        {
            return new ProcessSample(ReadCpuSeconds(pid), ReadRssBytes(pid), now);
        }
        catch (IOException)
        {
            return new ProcessSample(0, 0, now);
        }
        catch (UnauthorizedAccessException)
        {
            return new ProcessSample(0, 0, now);
        }
    }

    public static ProcessSample ReadSelf() => Read(Environment.ProcessId);

    private static double ReadCpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) is in parentheses and may hold spaces: fields are counted after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After the name, fields[0] is field 3 (state); utime and stime are fields 14 and 15.
        var utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (utime + stime) / ClockTicksPerSecond;
    }

    private static long ReadRssBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kb = line.AsSpan(6).Trim();
                kb = kb[..kb.IndexOf(' ')];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }
        return 0;
    }
}
