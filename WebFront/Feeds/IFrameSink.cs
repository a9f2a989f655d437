namespace OrleansChat.WebFront.Feeds;

/// <summary>Where a room feed puts a connection's frames: its outbound queue, bounded in frames.</summary>
internal interface IFrameSink
{
    /// <summary>How many frames a connection may have waiting; a joining connection's held events are bounded by it too.</summary>
    int Capacity { get; }

    /// <summary>True when <see cref="Capacity"/> frames wait and the socket has stopped taking them: a slow consumer.</summary>
    bool IsBehind { get; }

    /// <summary>
    /// Queues a frame without waiting, past <see cref="Capacity"/> if need be (a delivery goes in whole; the feed
    /// closes a connection that <see cref="IsBehind"/> before it hands over the next one). A queue at four times the
    /// capacity closes the connection with 1008.
    /// </summary>
    void Enqueue(ReadOnlyMemory<byte> frame);

    /// <summary>Closes the connection with 1008: it cannot take its events fast enough.</summary>
    void CloseSlowConsumer();

    /// <summary>Closes the connection with 1011: the feed could not give it a gap-free stream.</summary>
    void CloseInternalError();
}
