using System.Diagnostics;
using OrleansChat.WebFront.Connections;

namespace OrleansChat.Tests.WebFront;

[Trait("Category", "Unit")]
public sealed class CommandRateLimiterTests
{
    [Fact]
    public void TryAcquire_BurstSpent_RefusesUntilRefilled()
    {
        // One token a second: no refill can land between these calls, even on a machine busy enough to pause the test.
        using var limiter = new CommandRateLimiter(ratePerSecond: 1, burst: 20);

        var burst = Enumerable.Range(0, 25).Count(_ => limiter.TryAcquire());

        Assert.Equal(20, burst);
        Assert.False(limiter.TryAcquire());
    }

    [Fact]
    public void TryAcquire_AfterOnePeriod_OneMoreToken()
    {
        // 1000 per second: a token every millisecond, so the refill is observed within moments.
        using var limiter = new CommandRateLimiter(ratePerSecond: 1000, burst: 5);
        while (limiter.TryAcquire())
        {
        }

        var clock = Stopwatch.StartNew();
        var refilled = false;
        while (!refilled && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            refilled = limiter.TryAcquire();
        }

        Assert.True(refilled);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(1));
    }
}
