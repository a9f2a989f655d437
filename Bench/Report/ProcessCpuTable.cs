using OrleansChat.Bench.Running;

namespace OrleansChat.Bench.Report;

/// <summary>
/// Formats rate sweeps as a table of server CPU by process: a row per step, a column per process (the processes of the
/// first step that names them), each cell the process's CPU per delivery in µs with its cores, then the total.
/// </summary>
public static class ProcessCpuTable
{
    public static ReportTable Of(string caption, IEnumerable<SeriesResult> series)
    {
        var all = series.ToList();
        var processes = all.SelectMany(s => s.Steps).Select(s => s.Processes).FirstOrDefault(p => p is { Count: > 0 }) ?? [];
        var rows = new List<IReadOnlyList<string>>();
        foreach (var s in all)
        {
            foreach (var step in s.Steps)
            {
                var row = new List<string> { RunContext.NameOf(s.Kind), Format.Rate(step.TargetDeliveryRate), Format.Rate(step.DeliveriesPerSecond) };
                foreach (var process in processes)
                {
                    row.Add(step.Processes?.FirstOrDefault(p => p.Process == process.Process) is { } cpu
                        ? $"{Format.Fixed(step.MicrosPerDelivery(cpu.Cores), 1)} ({Format.Fixed(cpu.Cores, 2)})"
                        : "n/a");
                }
                row.Add($"{Format.Fixed(step.ServerCpuMicrosPerDelivery, 1)} ({Format.Fixed(step.ServerCpuCores, 2)})");
                row.Add(!step.Valid ? "invalid" : step.Held ? "**held**" : "not held");
                rows.Add(row);
            }
        }
        return new ReportTable(caption, ["server", "target/s", "delivered/s", .. processes.Select(p => p.Process), "all", "verdict"], rows);
    }
}
