using OrleansChat.Bench.Running;

namespace OrleansChat.Bench.Report;

/// <summary>Formats rate sweeps as one report table: a row per step, both servers one after the other.</summary>
public static class SweepTable
{
    public static ReportTable Of(string caption, IEnumerable<SeriesResult> series)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var s in series)
        {
            foreach (var step in s.Steps)
            {
                rows.Add(
                [
                    RunContext.NameOf(s.Kind),
                    Format.Rate(step.TargetDeliveryRate),
                    Format.Rate(step.DeliveriesPerSecond),
                    Format.Ms(step.Latency.P50),
                    Format.Ms(step.Latency.P90),
                    Format.Ms(step.Latency.P99),
                    Format.Ms(step.Latency.P999),
                    Format.Ms(step.Latency.Max),
                    Format.Count(step.Lost),
                    Format.Count(step.Duplicates),
                    Format.Count(step.Errors),
                    Format.Fixed(step.ServerCpuCores, 2),
                    Format.Fixed(step.ServerCpuMicrosPerDelivery, 1),
                    Format.Fixed(step.ServerRssMb, 0),
                    Format.Fixed(step.GeneratorCpuCores, 2),
                    Format.Fixed(step.OtherCpuCores, 2),
                    !step.Valid ? "invalid: " + step.InvalidReason : step.Held ? "**held**" : "not held",
                ]);
            }
        }
        return new ReportTable(caption,
            ["server", "target/s", "delivered/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "lost", "dup", "err", "srv cores", "srv µs/delivery", "srv RSS MB", "gen cores", "other cores", "verdict"],
            rows);
    }
}
