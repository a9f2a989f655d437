namespace OrleansChat.Grains;

/// <summary>A local connection in a room, fed from the room activation's ordered fold.</summary>
public interface IRoomSubscriber
{
    /// <summary>The next event, in seq order with no gap and no duplicate. Runs in the room's turn: must not block.</summary>
    void OnEvent(RoomFrame frame);
}
