namespace OrleansChat.Tests.WebFront;

/// <summary>
/// Two WebFronts in one Orleans cluster (the second joins the first's, sharing its room log), shared by a test
/// class; tests keep apart by using rooms of their own. The rate limit is lifted so that a client can send
/// continuously.
/// </summary>
public sealed class WebFrontClusterFixture : IAsyncLifetime
{
    internal static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["WebFront:RatePerSecond"] = "100000",
        ["WebFront:RateBurst"] = "100000",
    };

    internal WebFrontServer First { get; private set; } = null!;

    internal WebFrontServer Second { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        First = await WebFrontServer.StartAsync(Settings);
        Second = await WebFrontServer.StartAsync(Settings, joining: First);
    }

    public async Task DisposeAsync()
    {
        await Second.DisposeAsync();
        await First.DisposeAsync();
    }
}
