using OrleansChat.Bench.Clients;
using OrleansChat.Bench.Report;

namespace OrleansChat.Tests.Bench;

[Trait("Category", "Unit")]
public sealed class ProcessCpuTableTests
{
    [Fact]
    public void Of_StepsWithProcesses_GivesEveryProcessItsCpuPerDeliveryAndTheTotal()
    {
        // 10,000 deliveries/s: 0.25 cores is 25 µs per delivery.
        var series = new SeriesResult("x", ServerKind.Ours,
            [Step(10_000, [new("silo 1", 0.25), new("WebFront A", 0.5), new("redis-server", 0.01)])]);

        var table = ProcessCpuTable.Of("cpu", [series]);

        Assert.Equal(["server", "target/s", "delivered/s", "silo 1", "WebFront A", "redis-server", "all", "verdict"], table.Headers);
        Assert.Equal(["ours", "10,000", "10,000", "25.0 (0.25)", "50.0 (0.50)", "1.0 (0.01)", "76.0 (0.76)", "**held**"], table.Rows.Single());
    }

    [Fact]
    public void Of_StepWithoutAProcess_SaysNotAvailableRatherThanZero()
    {
        var series = new SeriesResult("x", ServerKind.Ours,
            [Step(5_000, [new("silo 1", 0.1), new("silo 2", 0.1)]), Step(10_000, [new("silo 1", 0.2)])]);

        var table = ProcessCpuTable.Of("cpu", [series]);

        Assert.Equal("n/a", table.Rows[1][4]);
    }

    private static StepResult Step(double rate, IReadOnlyList<ProcessCpu> processes) => new(
        TargetDeliveryRate: rate, TargetSendRate: rate / 10, DeliveriesPerSecond: rate,
        Latency: new LatencySummary(1, 2, 10, 20, 30, 1_000), Expected: 1_000, Delivered: 1_000, Duplicates: 0, Errors: 0,
        ServerCpuCores: processes.Sum(p => p.Cores), ServerCpuSeconds: 1, ServerRssMb: 100, GeneratorCpuCores: 0.2, DispatchLagP99Ms: 1, OtherCpuCores: 0,
        InvalidReason: null, Processes: processes);
}
