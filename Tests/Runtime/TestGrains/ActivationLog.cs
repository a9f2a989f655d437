using System.Collections.Concurrent;
using OrleansChat.Runtime;

namespace OrleansChat.Tests.Runtime.TestGrains;

/// <summary>Records activations and deactivations so that tests can await them.</summary>
internal sealed class ActivationLog
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<DeactivationReason>> _deactivations = new();
    private int _activations;

    public int Activations => Volatile.Read(ref _activations);

    public void Activated(string key) => Interlocked.Increment(ref _activations);

    public void Deactivated(string key, DeactivationReason reason) => Deactivation(key).TrySetResult(reason);

    public Task<DeactivationReason> WaitForDeactivationAsync(string key) => Deactivation(key).Task.WaitAsync(TimeSpan.FromSeconds(10));

    private TaskCompletionSource<DeactivationReason> Deactivation(string key) =>
        _deactivations.GetOrAdd(key, _ => new TaskCompletionSource<DeactivationReason>(TaskCreationOptions.RunContinuationsAsynchronously));
}
