using Microsoft.Extensions.Hosting;
using OrleansChat.Runtime.Activation;
using OrleansChat.Runtime.Membership;

namespace OrleansChat.Runtime.Hosting;

/// <summary>
/// Orders a graceful stop: front ends close their connections, then activations deactivate (committing
/// what they must), then the silo marks itself as left.
/// </summary>
internal sealed class SiloLifecycleService(
    IEnumerable<ISiloShutdownParticipant> participants,
    ActivationCatalog catalog,
    MembershipAgent membership,
    SiloLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (lifetime.IsKilled)
        {
            return;
        }
        foreach (var participant in participants)
        {
            await participant.OnSiloStoppingAsync(cancellationToken).ConfigureAwait(false);
        }
        await catalog.DeactivateAllAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        await membership.LeaveAsync(cancellationToken).ConfigureAwait(false);
    }
}
