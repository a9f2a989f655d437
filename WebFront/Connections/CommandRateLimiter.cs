using System.Threading.RateLimiting;

namespace OrleansChat.WebFront.Connections;

/// <summary>
/// A connection's command rate: a token bucket of <c>burst</c> tokens refilled at <c>rate</c> per second.
/// It is refilled when a command arrives (the bucket counts the time elapsed since its last refill), so an
/// idle connection costs no timer.
/// </summary>
internal sealed class CommandRateLimiter(int ratePerSecond, int burst) : IDisposable
{
    private readonly TokenBucketRateLimiter _bucket = new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = burst,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = TimeSpan.FromTicks(TimeSpan.TicksPerSecond / ratePerSecond),
        AutoReplenishment = false,
        QueueLimit = 0,
    });

    /// <summary>Takes one token if there is one.</summary>
    public bool TryAcquire()
    {
        _bucket.TryReplenish();
        using var lease = _bucket.AttemptAcquire();
        return lease.IsAcquired;
    }

    public void Dispose() => _bucket.Dispose();
}
