namespace OrleansChat.Runtime.Hosting;

/// <summary>The silo's end: graceful through the host, or abrupt through <see cref="Kill"/> (tests of failure).</summary>
public sealed class SiloLifetime : IDisposable
{
    private readonly CancellationTokenSource _killed = new();

    /// <summary>Cancelled when the silo is killed: whatever watches it stops at once, committing nothing.</summary>
    public CancellationToken Killed => _killed.Token;

    public bool IsKilled => _killed.IsCancellationRequested;

    /// <summary>Stops the silo as a crash would: heartbeats stop, activations vanish, nothing is committed.</summary>
    public void Kill() => _killed.Cancel();

    public void Dispose() => _killed.Dispose();
}
