using OrleansChat.Protocol;

namespace OrleansChat.Grains;

/// <summary>One item of a room's stream: the events of one commit, in seq order with consecutive seqs.</summary>
[GenerateSerializer, Immutable, Alias("room-event-batch")]
public sealed record RoomEventBatch([property: Id(0)] IReadOnlyList<RoomEvent> Events);
