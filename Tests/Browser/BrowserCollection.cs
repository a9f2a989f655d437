namespace OrleansChat.Tests.Browser;

/// <summary>Browser tests share one WebFront and one Chromium.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
