using OrleansChat.Protocol;

namespace OrleansChat.Grains;

/// <summary>A room's members as of <see cref="Seq"/>, in order of joining.</summary>
[GenerateSerializer, Immutable, Alias("room-members")]
public sealed record RoomMembers([property: Id(0)] string Room, [property: Id(1)] long Seq, [property: Id(2)] IReadOnlyList<ChatUser> Members);
