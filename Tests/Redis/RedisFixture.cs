namespace OrleansChat.Tests.Redis;

/// <summary>One redis-server for the tests of the <c>Redis</c> collection; each test isolates itself by its own key prefix.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private RedisServer? _server;

    internal RedisServer Server => _server ?? throw new InvalidOperationException("The Redis fixture has not started.");

    public string ConnectionString => Server.ConnectionString;

    /// <summary>A key prefix no other test uses, so that tests sharing the server never see each other's keys or silos.</summary>
    public static string NewPrefix() => $"t{Guid.NewGuid():N}"[..13];

    public async Task InitializeAsync() => _server = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
