namespace OrleansChat.Grains.Rooms;

/// <summary>
/// Watches Orleans' membership on every silo: when a silo is declared dead, the rooms in which its front end held
/// presence drop it (<see cref="FrontEndPresenceRemover"/>). Every surviving silo does this; rooms that died with the
/// silo come back on a survivor when called.
/// </summary>
internal sealed class DeadFrontEndReaper(
    IClusterMembershipService membership,
    FrontEndPresenceRemover remover) : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly HashSet<SiloAddress> _reaped = [];
    private readonly CancellationTokenSource _stopping = new();
    private Task _watching = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(DeadFrontEndReaper), ServiceLifecycleStage.Active, OnStartAsync, OnStopAsync);

    public void Dispose() => _stopping.Dispose();

    private Task OnStartAsync(CancellationToken cancellationToken)
    {
        _watching = Task.Run(WatchAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task OnStopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _watching.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task WatchAsync()
    {
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(_stopping.Token).ConfigureAwait(false))
            {
                foreach (var (silo, member) in snapshot.Members)
                {
                    if (member.Status == SiloStatus.Dead && _reaped.Add(silo))
                    {
                        _ = remover.RemoveEverywhereAsync(FrontEnds.IdOf(silo), _stopping.Token);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }
}
