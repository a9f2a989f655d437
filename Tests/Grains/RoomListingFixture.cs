using Microsoft.Extensions.Time.Testing;
using OrleansChat.Tests.Support;

namespace OrleansChat.Tests.Grains;

/// <summary>
/// A one-silo chat cluster whose room listing runs on a clock of the test's (<see cref="Clock"/>), so that tests date
/// activity exactly and age rooms by days without waiting. Its tests share the directory: each looks at its own rooms.
/// </summary>
public sealed class RoomListingFixture : IAsyncLifetime
{
    private ChatTestCluster? _cluster;

    /// <summary>The listing's clock; it moves only when a test moves it.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));

    internal ChatTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The listing fixture has not started.");

    public async Task InitializeAsync() => _cluster = await ChatTestCluster.StartAsync(1, listingClock: Clock);

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
