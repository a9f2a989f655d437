namespace OrleansChat.Runtime.Membership;

/// <summary>
/// Cleans up after a silo that died without a goodbye. Runs on exactly one surviving silo per dead
/// silo (the one that won the reap claim), before that silo is marked dead; it must be idempotent,
/// because a reaper that dies midway is followed by another.
/// </summary>
public interface IDeadSiloHandler
{
    /// <summary>Commits whatever the dead silo can no longer commit itself.</summary>
    Task OnSiloDeadAsync(string deadSiloId, CancellationToken cancellationToken);
}
