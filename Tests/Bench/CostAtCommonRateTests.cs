using OrleansChat.Bench.Clients;
using OrleansChat.Bench.Report;
using OrleansChat.Bench.Scenarios;

namespace OrleansChat.Tests.Bench;

[Trait("Category", "Unit")]
public sealed class CostAtCommonRateTests
{
    [Fact]
    public void CostAtCommonRate_BothHeldTwoRates_TakesTheHigherOne()
    {
        var ours = new SeriesResult("x", ServerKind.Ours, [Step(5_000, held: true, cores: 0.5), Step(10_000, held: true, cores: 0.6)]);
        var peer = new SeriesResult("x", ServerKind.SignalR, [Step(5_000, held: true, cores: 0.2), Step(10_000, held: true, cores: 0.3)]);

        var cost = FanOutScenario.CostAtCommonRate([ours, peer]);

        Assert.NotNull(cost);
        Assert.Equal(60, cost.Ours!.Value, 3);
        Assert.Equal(30, cost.Peer!.Value, 3);
    }

    [Fact]
    public void CostAtCommonRate_NoRateHeldByBoth_IsNullNotAnError()
    {
        // A busy machine: ours held only 1,250/s, the peer nothing.
        var ours = new SeriesResult("x", ServerKind.Ours, [Step(5_000, held: false, cores: 0.5), Step(1_250, held: true, cores: 0.1)]);
        var peer = new SeriesResult("x", ServerKind.SignalR, [Step(5_000, held: false, cores: 0.3), Step(1_250, held: false, cores: 0.1)]);

        Assert.Null(FanOutScenario.CostAtCommonRate([ours, peer]));
    }

    private static StepResult Step(double rate, bool held, double cores) => new(
        TargetDeliveryRate: rate, TargetSendRate: rate / 10, DeliveriesPerSecond: rate,
        Latency: new LatencySummary(1, 2, held ? 10 : 500, 20, 30, 1_000), Expected: 1_000, Delivered: 1_000, Duplicates: 0, Errors: 0,
        ServerCpuCores: cores, ServerCpuSeconds: cores * 2.5, ServerRssMb: 100, GeneratorCpuCores: 0.2, DispatchLagP99Ms: 1, OtherCpuCores: 0, InvalidReason: null);
}
