using OrleansChat.Bench.Clients;

namespace OrleansChat.Bench.Report;

/// <summary>A rate sweep against one server in one configuration (e.g. fan-out, N=100, ours).</summary>
public sealed record SeriesResult(string Label, ServerKind Kind, IReadOnlyList<StepResult> Steps)
{
    /// <summary>The highest measured delivery rate among held steps; 0 when none held.</summary>
    public double HeldRate => Steps.Where(s => s.Held).Select(s => s.DeliveriesPerSecond).DefaultIfEmpty(0).Max();

    /// <summary>The held step with the highest rate, if any.</summary>
    public StepResult? HeldStep => Steps.Where(s => s.Held).MaxBy(s => s.DeliveriesPerSecond);
}
