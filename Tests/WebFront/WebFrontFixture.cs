namespace OrleansChat.Tests.WebFront;

/// <summary>One WebFront with the default settings, shared by a test class; tests keep apart by using rooms of their own.</summary>
public sealed class WebFrontFixture : IAsyncLifetime
{
    internal WebFrontServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await WebFrontServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>A room name no other test uses.</summary>
    public static string NewRoom() => "r" + Guid.NewGuid().ToString("N")[..12];
}
