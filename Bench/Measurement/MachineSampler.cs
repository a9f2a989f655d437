using System.Globalization;

namespace OrleansChat.Bench.Measurement;

/// <summary>
/// Reads the whole machine's busy CPU time from /proc/stat, so a step can tell how much CPU went to processes that
/// are neither the servers nor the generator (the machine is shared): a busy neighbour shows up in the report.
/// </summary>
public static class MachineSampler
{
    private const double ClockTicksPerSecond = 100;

    /// <summary>CPU seconds all cores spent busy since boot (everything but idle and iowait).</summary>
    public static double BusySeconds()
    {
        try
        {
            using var reader = new StreamReader("/proc/stat");
            var line = reader.ReadLine() ?? "";
            // "cpu  user nice system idle iowait irq softirq steal guest guest_nice"
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            long busy = 0;
            for (var i = 1; i < Math.Min(fields.Length, 9); i++)
            {
                if (i is 4 or 5)
                {
                    continue;
                }
                busy += long.Parse(fields[i], CultureInfo.InvariantCulture);
            }
            return busy / ClockTicksPerSecond;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
