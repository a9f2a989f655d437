using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OrleansChat.WebFront.Health;

namespace OrleansChat.Tests.WebFront;

/// <summary>A stopping front end is not ready, so that a load balancer stops sending it sockets before they close with 1001.</summary>
[Trait("Category", "Unit")]
public sealed class LifetimeHealthCheckTests
{
    [Fact]
    public async Task Check_Stopping_UnhealthyStopping()
    {
        using var lifetime = new TestLifetime();
        var check = new LifetimeHealthCheck(lifetime);

        var running = await check.CheckHealthAsync(new HealthCheckContext());
        lifetime.StopApplication();
        var stopping = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, running.Status);
        Assert.Equal(HealthStatus.Unhealthy, stopping.Status);
        Assert.Equal("stopping", stopping.Description);
    }

    private sealed class TestLifetime : IHostApplicationLifetime, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => _stopping.Cancel();

        public void Dispose() => _stopping.Dispose();
    }
}
