namespace OrleansChat.Grains;

/// <summary>Where rooms publish: the stream provider's name and each room's stream id (namespace <c>room</c>, key = room name).</summary>
public static class ChatStreams
{
    public const string ProviderName = "chat";

    public const string RoomNamespace = "room";

    public static StreamId ForRoom(string room) => StreamId.Create(RoomNamespace, room);
}
