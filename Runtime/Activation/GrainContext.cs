using OrleansChat.Runtime.Hosting;
using OrleansChat.Runtime.Streams;

namespace OrleansChat.Runtime.Activation;

/// <summary>What an activation's grain may reach of its silo: identity, clock, factory, streams and services.</summary>
internal sealed class GrainContext(
    GrainId grainId,
    GrainActivation activation,
    SiloDetails silo,
    IGrainFactory grainFactory,
    SiloStreams streams,
    IServiceProvider services)
{
    public GrainId GrainId { get; } = grainId;

    public GrainActivation Activation { get; } = activation;

    public string SiloId => silo.SiloId;

    public TimeProvider TimeProvider => silo.TimeProvider;

    public IGrainFactory GrainFactory { get; } = grainFactory;

    public SiloStreams Streams { get; } = streams;

    public IServiceProvider Services { get; } = services;
}
