namespace OrleansChat.Tests.WebFront;

/// <summary>
/// Two WebFronts in one Orleans cluster, started with the same settings (the second joins the first's, sharing its
/// room log), shared by a test class; tests keep apart by using rooms of their own.
/// </summary>
public abstract class TwoWebFrontsFixture(IReadOnlyDictionary<string, string?> settings) : IAsyncLifetime
{
    internal WebFrontServer First { get; private set; } = null!;

    internal WebFrontServer Second { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        First = await WebFrontServer.StartAsync(settings);
        Second = await WebFrontServer.StartAsync(settings, joining: First);
    }

    public async Task DisposeAsync()
    {
        await Second.DisposeAsync();
        await First.DisposeAsync();
    }
}
