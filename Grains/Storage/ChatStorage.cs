namespace OrleansChat.Grains.Storage;

/// <summary>The Orleans grain storage providers the chat registers: its own grains' state, and streaming's pub-sub.</summary>
public static class ChatStorage
{
    /// <summary>Users, secrets and the room directory.</summary>
    public const string Name = "chat";

    /// <summary>The name Orleans' streams look up for their subscriptions.</summary>
    public const string PubSub = "PubSubStore";
}
