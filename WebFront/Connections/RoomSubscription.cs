using OrleansChat.Grains;

namespace OrleansChat.WebFront.Connections;

/// <summary>
/// A room a connection is in. While a join is in flight, its events wait in <see cref="Held"/>, so that the
/// <c>room</c> reply goes out before every event above its seq.
/// </summary>
internal sealed class RoomSubscription
{
    public bool Joining { get; set; }

    public List<RoomFrame> Held { get; } = [];
}
