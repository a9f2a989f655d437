using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Hosting;

namespace OrleansChat.Runtime.Membership;

/// <summary>
/// Registers the silo, stamps its heartbeat every period and, on the same tick, looks for active silos
/// silent for longer than the dead-after time: for each, the silo that wins the reap claim runs the
/// dead-silo handlers and marks it dead.
/// </summary>
internal sealed partial class MembershipAgent(
    IMembershipTable table,
    IEnumerable<IDeadSiloHandler> handlers,
    SiloDetails silo,
    SiloLifetime lifetime,
    IOptions<MembershipOptions> options,
    ILogger<MembershipAgent> logger) : BackgroundService
{
    private readonly IDeadSiloHandler[] _handlers = handlers.ToArray();
    private PeriodicTimer? _timer;
    // The table time since which this silo's heartbeats have not failed (MinValue: since it registered).
    private DateTimeOffset? _reachableSince = DateTimeOffset.MinValue;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await table.RegisterAsync(silo.SiloId, silo.Address, cancellationToken).ConfigureAwait(false);
        LogRegistered(logger, silo.SiloId, silo.Address);
        // The timer starts with the silo, not whenever the background loop gets a thread: fake time in tests depends on it.
        _timer = new PeriodicTimer(options.Value.HeartbeatPeriod, silo.TimeProvider);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _timer?.Dispose();
        base.Dispose();
    }

    /// <summary>One heartbeat and one look for dead silos; the loop calls it every period, tests may call it directly.</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset now;
        try
        {
            await table.HeartbeatAsync(silo.SiloId, cancellationToken).ConfigureAwait(false);
            now = await table.GetTimeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _reachableSince = null;
            throw;
        }
        var settings = options.Value;
        _reachableSince ??= now;
        // After losing the table this silo cannot tell the others' silence from its own (everyone's heartbeats
        // stopped while the store was away): it judges nobody until it has been beating again for DeadAfter.
        if (now - _reachableSince.Value <= settings.DeadAfter)
        {
            return;
        }
        foreach (var entry in await table.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (entry.Status != SiloStatus.Active || entry.SiloId == silo.SiloId || now - entry.Heartbeat <= settings.DeadAfter)
            {
                continue;
            }
            // The lease outlasts a reap of many rooms; a reaper that dies lets another take over after it.
            if (!await table.TryClaimReapAsync(entry.SiloId, silo.SiloId, settings.DeadAfter * 3, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }
            LogReaping(logger, entry.SiloId, now - entry.Heartbeat);
            foreach (var handler in _handlers)
            {
                await handler.OnSiloDeadAsync(entry.SiloId, cancellationToken).ConfigureAwait(false);
            }
            await table.SetStatusAsync(entry.SiloId, SiloStatus.Dead, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A killed silo stops beating at once, without the goodbye a graceful stop would say.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.Killed);
        stoppingToken = stopping.Token;
        try
        {
            while (await _timer!.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await TickAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogTickFailed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Marks the silo as left after a graceful shutdown has committed its leaves.</summary>
    public Task LeaveAsync(CancellationToken cancellationToken) =>
        table.SetStatusAsync(silo.SiloId, SiloStatus.Left, cancellationToken);
}
