using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansChat.Runtime.Hosting;

namespace OrleansChat.Runtime.Testing;

/// <summary>One silo of a <see cref="TestCluster"/>.</summary>
public sealed class TestSilo(IHost host)
{
    public IHost Host { get; } = host;

    public IServiceProvider Services => Host.Services;

    public string SiloId => Services.GetRequiredService<SiloDetails>().SiloId;

    public IGrainFactory GrainFactory => Services.GetRequiredService<IGrainFactory>();
}
