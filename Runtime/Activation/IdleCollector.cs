using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Hosting;

namespace OrleansChat.Runtime.Activation;

/// <summary>Every collection quantum, asks the activations idle past the collection age to go away.</summary>
internal sealed class IdleCollector(ActivationCatalog catalog, IOptions<SiloOptions> options, SiloDetails silo, SiloLifetime lifetime) : BackgroundService
{
    private PeriodicTimer? _timer;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // The timer starts with the silo, not whenever the background loop gets a thread: fake time in tests depends on it.
        _timer = new PeriodicTimer(options.Value.CollectionQuantum, silo.TimeProvider);
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _timer?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A killed silo stops at once, like the process it stands for.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.Killed);
        try
        {
            while (await _timer!.WaitForNextTickAsync(stopping.Token).ConfigureAwait(false))
            {
                catalog.CollectIdle(options.Value.CollectionAge);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
