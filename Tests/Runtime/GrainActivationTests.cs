using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OrleansChat.Runtime;
using OrleansChat.Runtime.Hosting;
using OrleansChat.Runtime.Testing;
using OrleansChat.Tests.Runtime.TestGrains;

namespace OrleansChat.Tests.Runtime;

[Trait("Category", "Unit")]
public sealed class GrainActivationTests
{
    private static async Task<TestCluster> StartAsync(ActivationLog log, TimeProvider? time = null, Dictionary<string, string?>? settings = null)
    {
        var cluster = new TestCluster(services =>
        {
            services.AddSingleton(log);
            services.AddGrainRuntime().AddGrain<ICounterGrain, CounterGrain>("counter");
        }, time, settings);
        await cluster.DeployAsync(1);
        return cluster;
    }

    [Fact]
    public async Task Calls_ThousandConcurrent_NeverInterleave()
    {
        await using var cluster = await StartAsync(new ActivationLog());
        var grain = cluster.Silos[0].GrainFactory.GetGrain<ICounterGrain>("one");

        var results = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(grain.IncrementSlowlyAsync)));

        Assert.Equal(1000, await grain.GetAsync());
        Assert.Equal(Enumerable.Range(1, 1000), results.Order());
    }

    [Fact]
    public async Task Call_Throws_ReachesCallerAndActivationSurvives()
    {
        var log = new ActivationLog();
        await using var cluster = await StartAsync(log);
        var grain = cluster.Silos[0].GrainFactory.GetGrain<ICounterGrain>("one");
        var activation = await grain.GetActivationIdAsync();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(grain.FailAsync);

        Assert.Equal("expected failure", failure.Message);
        Assert.Equal(1, await grain.IncrementSlowlyAsync());
        Assert.Equal(activation, await grain.GetActivationIdAsync());
        Assert.Equal(1, log.Activations);
    }

    [Fact]
    public async Task IdleActivation_AfterCollectionAge_IsCollectedAndReactivated()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-29T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var log = new ActivationLog();
        await using var cluster = await StartAsync(log, time, new()
        {
            ["Silo:CollectionAge"] = "00:05:00",
            ["Silo:CollectionQuantum"] = "00:01:00",
        });
        var grain = cluster.Silos[0].GrainFactory.GetGrain<ICounterGrain>("idle");
        var first = await grain.GetActivationIdAsync();

        time.Advance(TimeSpan.FromMinutes(4));
        Assert.False(log.WaitForDeactivationAsync("idle").IsCompleted);
        time.Advance(TimeSpan.FromMinutes(2));
        var reason = await log.WaitForDeactivationAsync("idle");

        Assert.Equal(DeactivationReason.Idle, reason);
        Assert.NotEqual(first, await grain.GetActivationIdAsync());
        Assert.Equal(2, log.Activations);
    }

    [Fact]
    public async Task BusyActivation_CallsWithinCollectionAge_IsNotCollected()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-29T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var log = new ActivationLog();
        await using var cluster = await StartAsync(log, time, new()
        {
            ["Silo:CollectionAge"] = "00:05:00",
            ["Silo:CollectionQuantum"] = "00:01:00",
        });
        var grain = cluster.Silos[0].GrainFactory.GetGrain<ICounterGrain>("busy");
        var first = await grain.GetActivationIdAsync();

        for (var minute = 0; minute < 12; minute++)
        {
            time.Advance(TimeSpan.FromMinutes(1));
            await grain.IncrementSlowlyAsync();
        }

        Assert.Equal(first, await grain.GetActivationIdAsync());
        Assert.Equal(1, log.Activations);
    }
}
