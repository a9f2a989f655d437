using OrleansChat.Bench.Running;

namespace OrleansChat.Bench.Report;

/// <summary>
/// One load step: the target rates, what was measured in its window (after warm-up), loss over the whole step,
/// the servers' CPU and memory, the generator's CPU, and the CPU other processes on the shared machine took meanwhile.
/// A step where the generator itself was saturated is invalid. <see cref="LastMember"/> (when the step timed it) is
/// per message the latency of its last delivery; <see cref="IncompleteMessages"/> the messages some receiver lacked;
/// <see cref="Processes"/> splits the server CPU by process.
/// </summary>
public sealed record StepResult(
    double TargetDeliveryRate,
    double TargetSendRate,
    double DeliveriesPerSecond,
    LatencySummary Latency,
    long Expected,
    long Delivered,
    long Duplicates,
    long Errors,
    double ServerCpuCores,
    double ServerCpuSeconds,
    double ServerRssMb,
    double GeneratorCpuCores,
    double DispatchLagP99Ms,
    double OtherCpuCores,
    string? InvalidReason,
    LatencySummary? LastMember = null,
    int IncompleteMessages = 0,
    IReadOnlyList<ProcessCpu>? Processes = null)
{
    public long Lost => Math.Max(0, Expected - Delivered);

    public bool Valid => InvalidReason is null;

    /// <summary>Held: valid, nothing lost, duplicated or refused, and p99 within the headline bound.</summary>
    public bool Held => Valid && Lost == 0 && Duplicates == 0 && Errors == 0 && Latency.Count > 0 && Latency.P99 <= BenchProfile.HeadlineP99Ms;

    /// <summary>Server CPU microseconds spent per delivery in the window: the cost, independent of the rate.</summary>
    public double ServerCpuMicrosPerDelivery => MicrosPerDelivery(ServerCpuCores);

    /// <summary>CPU microseconds per delivery in the window of a process (or processes) that used <paramref name="cores"/>.</summary>
    public double MicrosPerDelivery(double cores) => DeliveriesPerSecond <= 0 ? 0 : cores / DeliveriesPerSecond * 1e6;
}
