namespace OrleansChat.WebFront.Feeds;

/// <summary>Where a room feed puts a connection's frames: its outbound queue, bounded in frames.</summary>
internal interface IFrameSink
{
    /// <summary>How many frames the queue holds; a joining connection's held events are bounded by it too.</summary>
    int Capacity { get; }

    /// <summary>True when the queue holds <see cref="Capacity"/> frames: the connection has not taken what it was given.</summary>
    bool IsBehind { get; }

    /// <summary>
    /// Queues a frame without waiting, even past <see cref="Capacity"/>: a delivery goes in whole, and the feed closes
    /// a connection that <see cref="IsBehind"/> before it hands over the next one.
    /// </summary>
    void Enqueue(ReadOnlyMemory<byte> frame);

    /// <summary>Closes the connection with 1008: it cannot take its events fast enough.</summary>
    void CloseSlowConsumer();

    /// <summary>Closes the connection with 1011: the feed could not give it a gap-free stream.</summary>
    void CloseInternalError();
}
