using System.Threading.RateLimiting;

namespace OrleansChat.WebFront.Connections;

/// <summary>
/// A connection's command rate: a token bucket of <c>burst</c> tokens refilled at <c>rate</c> per second.
/// It refills lazily, from the time elapsed when a command arrives, so an idle connection costs no timer.
/// </summary>
internal sealed class CommandRateLimiter : IDisposable
{
    private readonly TokenBucketRateLimiter _bucket;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _period;
    private readonly int _burst;
    private long _lastRefill;

    public CommandRateLimiter(int ratePerSecond, int burst, TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        _period = TimeSpan.FromTicks(TimeSpan.TicksPerSecond / ratePerSecond);
        _burst = burst;
        _bucket = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = _period,
            AutoReplenishment = false,
            QueueLimit = 0,
        });
        _lastRefill = timeProvider.GetTimestamp();
    }

    /// <summary>Takes one token if there is one.</summary>
    public bool TryAcquire()
    {
        var elapsed = _timeProvider.GetElapsedTime(_lastRefill);
        var periods = elapsed.Ticks / _period.Ticks;
        if (periods > 0)
        {
            // Advance by whole periods only, so that the fraction of a period already waited is not lost.
            _lastRefill += (long)(periods * _period.Ticks * (_timeProvider.TimestampFrequency / (double)TimeSpan.TicksPerSecond));
            for (var i = 0; i < Math.Min(periods, _burst); i++)
            {
                _bucket.TryReplenish();
            }
        }
        using var lease = _bucket.AttemptAcquire();
        return lease.IsAcquired;
    }

    public void Dispose() => _bucket.Dispose();
}
