using OrleansChat.Runtime.Activation;

namespace OrleansChat.Runtime;

/// <summary>
/// Base class of grain implementations. The runtime creates one instance per activation,
/// calls <see cref="OnActivateAsync"/> before the first call and <see cref="OnDeactivateAsync"/>
/// when the activation is collected or its silo stops gracefully.
/// </summary>
public abstract class Grain
{
    private GrainContext? _context;

    /// <summary>This grain's identity.</summary>
    public GrainId GrainId => Context.GrainId;

    /// <summary>The key this grain was activated with.</summary>
    public string Key => Context.GrainId.Key;

    /// <summary>References to other grains, resolved in this silo.</summary>
    protected IGrainFactory GrainFactory => Context.GrainFactory;

    /// <summary>The id of the silo this activation lives in.</summary>
    protected string SiloId => Context.SiloId;

    /// <summary>The clock of this silo; tests replace it with a fake one.</summary>
    protected TimeProvider TimeProvider => Context.TimeProvider;

    internal GrainContext Context
    {
        get => _context ?? throw new InvalidOperationException("The grain has not been activated by the runtime.");
        set => _context = value;
    }

    /// <summary>Runs once before the first call is delivered.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs once when the activation goes away gracefully (idle collection or silo shutdown).</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Whether idle collection may remove this activation now (false while it has local subscribers).</summary>
    public virtual bool CanBeCollected => true;

    /// <summary>
    /// Called in the turn after a call failed with <see cref="Storage.VersionConflictException"/>, before the call is retried:
    /// the grain reloads its durable state here.
    /// </summary>
    public virtual Task OnVersionConflictAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Queues work as a turn of this activation, as if it were a call from outside.</summary>
    protected Task RunTurnAsync(Func<Task> work) => Context.Activation.EnqueueAsync(work, interleave: false);

    /// <summary>Asks the runtime to deactivate this activation once the current turn ends.</summary>
    protected void DeactivateOnIdle() => Context.Activation.RequestDeactivation();
}
