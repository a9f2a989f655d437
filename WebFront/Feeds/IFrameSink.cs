namespace OrleansChat.WebFront.Feeds;

/// <summary>Where a room feed puts a connection's frames: its bounded outbound queue.</summary>
internal interface IFrameSink
{
    /// <summary>How many frames the queue holds; a joining connection's held events are bounded by it too.</summary>
    int Capacity { get; }

    /// <summary>Queues a frame without waiting; a full queue closes the connection with 1008.</summary>
    void Enqueue(ReadOnlyMemory<byte> frame);

    /// <summary>Closes the connection with 1008: it cannot take its events fast enough.</summary>
    void CloseSlowConsumer();

    /// <summary>Closes the connection with 1011: the feed could not give it a gap-free stream.</summary>
    void CloseInternalError();
}
