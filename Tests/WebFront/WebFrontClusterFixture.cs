namespace OrleansChat.Tests.WebFront;

/// <summary>
/// Two WebFronts in one Orleans cluster with the rate limit lifted, so that a client can send continuously.
/// </summary>
public sealed class WebFrontClusterFixture() : TwoWebFrontsFixture(Settings)
{
    internal static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["WebFront:RatePerSecond"] = "100000",
        ["WebFront:RateBurst"] = "100000",
    };
}
