namespace OrleansChat.Tests.Support;

/// <summary>One three-silo chat cluster shared by the tests of the <see cref="ChatClusterCollection"/>; each test uses rooms and users of its own.</summary>
public sealed class ChatClusterFixture : IAsyncLifetime
{
    private ChatTestCluster? _cluster;

    internal ChatTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster fixture has not started.");

    public async Task InitializeAsync() => _cluster = await ChatTestCluster.StartAsync(3);

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
