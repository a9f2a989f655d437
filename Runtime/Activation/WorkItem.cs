namespace OrleansChat.Runtime.Activation;

/// <summary>One queued turn of an activation: a call from a grain reference, or the runtime's own work.</summary>
internal abstract class WorkItem(bool interleave, bool isCall)
{
    /// <summary>Whether the turn may start while an earlier turn is still awaiting something.</summary>
    public bool Interleave { get; } = interleave;

    /// <summary>Calls keep an activation alive; the runtime's own turns (stream deliveries) do not.</summary>
    public bool IsCall { get; } = isCall;

    /// <summary>Runs the turn and completes its caller, except for a version conflict, which it throws for a retry.</summary>
    public abstract Task RunAsync(Grain grain);

    public abstract void Fail(Exception exception);
}
