using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using OrleansChat.Grains;
using OrleansChat.WebFront.Feeds;
using OrleansChat.WebFront.Hosting;

namespace OrleansChat.WebFront.Cluster;

/// <summary>
/// Renews this front end's lease in the front end registry every <see cref="FrontEndOptions.RenewPeriod"/>, so that
/// operators see it in <c>/api/cluster</c>, and, for a client front end, so that its presence in rooms outlives it
/// by one lease at most. When the registry answers that the lease had lapsed (its presence was dropped while it was
/// cut off), the feeds assert the presence of the users still connected here again.
/// </summary>
internal sealed partial class LeaseRenewer(
    IClusterClient client,
    FrontEnd frontEnd,
    RoomFeeds feeds,
    IServer server,
    IOptions<FrontEndOptions> options,
    TimeProvider timeProvider,
    ILogger<LeaseRenewer> logger) : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _renewing = Task.CompletedTask;
    private int _registered;

    public void Start() => _renewing = RenewLoopAsync(_stopping.Token);

    /// <summary>Stops renewing and tells the registry this front end left (its leaves are already committed).</summary>
    public async Task StopAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _renewing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        try
        {
            await client.GetGrain<IFrontEndRegistryGrain>(0).LeaveAsync(frontEnd.Id).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            LogLeaveFailed(logger, exception);
        }
    }

    public void Dispose() => _stopping.Dispose();

    private async Task RenewLoopAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var timer = new PeriodicTimer(settings.RenewPeriod, timeProvider);
        try
        {
            do
            {
                // The address is read each time: the server starts listening after the cluster connection is made.
                var lease = new FrontEndLease(frontEnd.Id, AddressOf(settings), frontEnd.Role, settings.LeaseDuration);
                var renewal = RenewOnceAsync(lease, cancellationToken);
                // A renewal sent through a gateway that stopped answering (a frozen or just killed silo) gets no answer
                // until the response timeout, longer than the lease: the next one goes out on time regardless, and
                // may take another gateway. Renewals are idempotent; each one's answer is still acted on.
                await renewal.WaitAsync(settings.RenewPeriod, timeProvider, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task RenewOnceAsync(FrontEndLease lease, CancellationToken cancellationToken)
    {
        try
        {
            var live = await client.GetGrain<IFrontEndRegistryGrain>(0).RenewAsync(lease).ConfigureAwait(false);
            // The first answer registers this front end; a later "not live" means its lease had lapsed meanwhile.
            if (!live && Interlocked.Exchange(ref _registered, 1) == 1 && !cancellationToken.IsCancellationRequested)
            {
                LogLeaseLapsed(logger, frontEnd.Id);
                feeds.ReassertPresence();
            }
            Volatile.Write(ref _registered, 1);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            LogRenewFailed(logger, exception.Message);
        }
    }

    private string AddressOf(FrontEndOptions settings) =>
        settings.Address is { Length: > 0 } configured
            ? configured
            : server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "";

    [LoggerMessage(EventId = 3540, Level = LogLevel.Warning, Message = "Front end {FrontEnd}: its lease had lapsed and its presence was dropped; asserting it again")]
    private static partial void LogLeaseLapsed(ILogger logger, string frontEnd);

    [LoggerMessage(EventId = 3541, Level = LogLevel.Debug, Message = "Renewing the front end lease failed: {Reason}")]
    private static partial void LogRenewFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 3542, Level = LogLevel.Warning, Message = "Telling the registry this front end left failed")]
    private static partial void LogLeaveFailed(ILogger logger, Exception exception);
}
