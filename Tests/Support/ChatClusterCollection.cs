namespace OrleansChat.Tests.Support;

/// <summary>The tests that share one <see cref="ChatClusterFixture"/> (tests that kill silos start clusters of their own).</summary>
[CollectionDefinition(Name)]
public sealed class ChatClusterCollection : ICollectionFixture<ChatClusterFixture>
{
    public const string Name = "ChatCluster";
}
