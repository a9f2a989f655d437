namespace OrleansChat.Grains;

/// <summary>
/// A user joining a room through a front end. With <see cref="After"/>, the reply replays every retained event
/// after it; without, the <see cref="Recent"/> most recent events.
/// </summary>
[GenerateSerializer, Immutable, Alias("room-join")]
public sealed record RoomJoin(
    [property: Id(0)] string FrontEnd,
    [property: Id(1)] OrleansChat.Protocol.ChatUser User,
    [property: Id(2)] long? After,
    [property: Id(3)] int Recent);
