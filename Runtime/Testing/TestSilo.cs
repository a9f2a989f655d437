using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansChat.Runtime.Hosting;

namespace OrleansChat.Runtime.Testing;

/// <summary>One silo of a <see cref="TestCluster"/>.</summary>
public sealed class TestSilo(IHost host)
{
    public IHost Host { get; } = host;

    public IServiceProvider Services => Host.Services;

    /// <summary>The silo's id, still known after it was stopped or killed.</summary>
    public string SiloId { get; } = host.Services.GetRequiredService<SiloDetails>().SiloId;

    public IGrainFactory GrainFactory => Services.GetRequiredService<IGrainFactory>();
}
