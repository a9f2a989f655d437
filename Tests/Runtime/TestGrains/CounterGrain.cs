using OrleansChat.Runtime;

namespace OrleansChat.Tests.Runtime.TestGrains;

internal sealed class CounterGrain(ActivationLog log) : Grain, ICounterGrain
{
    private readonly Guid _activationId = Guid.NewGuid();
    private int _inside;
    private int _count;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        log.Activated(Key);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        log.Deactivated(Key, reason);
        return Task.CompletedTask;
    }

    public async Task<int> IncrementSlowlyAsync()
    {
        if (Interlocked.Increment(ref _inside) != 1)
        {
            throw new InvalidOperationException("Two calls ran at once.");
        }
        var before = _count;
        await Task.Yield();
        await Task.Delay(TimeSpan.FromTicks(1), TimeProvider.System);
        await Task.Yield();
        _count = before + 1;
        Interlocked.Decrement(ref _inside);
        return _count;
    }

    public Task<int> GetAsync() => Task.FromResult(_count);

    public Task FailAsync() => throw new InvalidOperationException("expected failure");

    public Task<Guid> GetActivationIdAsync() => Task.FromResult(_activationId);
}
