using OrleansChat.Protocol;

namespace OrleansChat.Grains.Serialization;

/// <summary>How Orleans carries <see cref="RoomEvent"/>, a wire record of the Protocol project (which references nothing).</summary>
[GenerateSerializer, Alias("room-event")]
public readonly record struct RoomEventSurrogate(
    [property: Id(0)] string Type,
    [property: Id(1)] string Room,
    [property: Id(2)] long Seq,
    [property: Id(3)] ChatUser User,
    [property: Id(4)] string? Text,
    [property: Id(5)] DateTimeOffset At);

[RegisterConverter]
public sealed class RoomEventSurrogateConverter : IConverter<RoomEvent, RoomEventSurrogate>
{
    public RoomEvent ConvertFromSurrogate(in RoomEventSurrogate surrogate) =>
        new(surrogate.Type, surrogate.Room, surrogate.Seq, surrogate.User, surrogate.Text, surrogate.At);

    public RoomEventSurrogate ConvertToSurrogate(in RoomEvent value) =>
        new(value.Type, value.Room, value.Seq, value.User, value.Text, value.At);
}
