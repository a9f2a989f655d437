using OrleansChat.Protocol;

namespace OrleansChat.Grains;

/// <summary>
/// One item of a room's stream: the events of one or more consecutive commits (those committed while the previous
/// item was being published), in seq order with consecutive seqs.
/// </summary>
/// <param name="Events">The commits' events.</param>
/// <param name="TraceParent">
/// The W3C <c>traceparent</c> of the first commit's span when it was traced, else null: room feeds continue that trace
/// with their fan-out. Each commit's span links every send it carried.
/// </param>
[GenerateSerializer, Immutable, Alias("room-event-batch")]
public sealed record RoomEventBatch([property: Id(0)] IReadOnlyList<RoomEvent> Events, [property: Id(1)] string? TraceParent = null);
