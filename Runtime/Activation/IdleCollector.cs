using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Hosting;

namespace OrleansChat.Runtime.Activation;

/// <summary>Every collection quantum, asks the activations idle past the collection age to go away.</summary>
internal sealed class IdleCollector(ActivationCatalog catalog, IOptions<SiloOptions> options, SiloDetails silo, SiloLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A killed silo stops beating at once, without the goodbye a graceful stop would say.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.Killed);
        stoppingToken = stopping.Token;
        var settings = options.Value;
        using var timer = new PeriodicTimer(settings.CollectionQuantum, silo.TimeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                catalog.CollectIdle(settings.CollectionAge);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
