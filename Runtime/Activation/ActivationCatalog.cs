using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansChat.Runtime.Hosting;
using OrleansChat.Runtime.Streams;

namespace OrleansChat.Runtime.Activation;

/// <summary>The activations of one silo: at most one per grain id, created on first call.</summary>
internal sealed class ActivationCatalog
{
    private readonly ConcurrentDictionary<GrainId, GrainActivation> _activations = new();
    private readonly IServiceProvider _services;
    private readonly GrainTypeRegistry _registry;
    private readonly SiloDetails _silo;
    private readonly SiloStreams _streams;
    private readonly SiloLifetime _lifetime;
    private readonly ILogger<ActivationCatalog> _logger;

    public ActivationCatalog(
        IServiceProvider services,
        GrainTypeRegistry registry,
        SiloDetails silo,
        SiloStreams streams,
        SiloLifetime lifetime,
        ILogger<ActivationCatalog> logger)
    {
        _services = services;
        _registry = registry;
        _silo = silo;
        _streams = streams;
        _lifetime = lifetime;
        _logger = logger;
        lifetime.Killed.Register(Kill);
    }

    public int Count => _activations.Count;

    public IEnumerable<GrainActivation> Activations => _activations.Values;

    public Task<T> InvokeAsync<T>(GrainId grainId, Func<Grain, Task<T>> call, bool interleave)
    {
        var item = new WorkItem<T>(call, interleave, isCall: true);
        Dispatch(grainId, item);
        return item.Completion;
    }

    /// <summary>Queues a turn on the grain's activation, creating it when there is none or the one found is going away.</summary>
    public void Dispatch(GrainId grainId, WorkItem item)
    {
        while (true)
        {
            if (_lifetime.IsKilled)
            {
                item.Fail(new SiloUnavailableException(grainId));
                return;
            }
            var activation = _activations.GetOrAdd(grainId, Create);
            if (activation.TryEnqueue(item))
            {
                return;
            }
            // It is deactivating: it removes itself from the catalog before it stops taking work.
            _activations.TryRemove(new KeyValuePair<GrainId, GrainActivation>(grainId, activation));
        }
    }

    public void Remove(GrainActivation activation) =>
        _activations.TryRemove(new KeyValuePair<GrainId, GrainActivation>(activation.GrainId, activation));

    /// <summary>Asks every activation idle for at least <paramref name="age"/> to deactivate if it may.</summary>
    public void CollectIdle(TimeSpan age)
    {
        foreach (var activation in _activations.Values)
        {
            if (activation.IdleFor >= age)
            {
                activation.RequestCollection(age);
            }
        }
    }

    /// <summary>Deactivates every activation gracefully, running their deactivation code.</summary>
    public async Task DeactivateAllAsync()
    {
        while (!_activations.IsEmpty)
        {
            await Task.WhenAll(_activations.Values.Select(a => a.DeactivateAsync()));
        }
    }

    /// <summary>Stops every activation at once, as a crashed process would: no deactivation code, no goodbyes.</summary>
    private void Kill()
    {
        foreach (var activation in _activations.Values)
        {
            activation.Kill();
        }
        _activations.Clear();
        _streams.DisposeAll();
    }

    private GrainActivation Create(GrainId grainId) =>
        new(grainId, this, activation =>
        {
            var grain = (Grain)ActivatorUtilities.CreateInstance(_services, _registry.GetImplementation(grainId.Type));
            grain.Context = new GrainContext(grainId, activation, _silo, _services.GetRequiredService<IGrainFactory>(), _streams, _services);
            return grain;
        }, _silo.TimeProvider, _logger, _lifetime.Killed);
}
