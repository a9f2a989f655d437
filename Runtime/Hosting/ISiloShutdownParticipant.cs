namespace OrleansChat.Runtime.Hosting;

/// <summary>
/// Runs first in a graceful silo shutdown, before activations are deactivated: a front end closes its
/// connections and commits their leaves here.
/// </summary>
public interface ISiloShutdownParticipant
{
    Task OnSiloStoppingAsync(CancellationToken cancellationToken);
}
