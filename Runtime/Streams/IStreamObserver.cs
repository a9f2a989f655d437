using OrleansChat.Runtime.Storage;

namespace OrleansChat.Runtime.Streams;

/// <summary>
/// Receives a stream's events. Delivery is at most once and may be out of order or miss events;
/// the consumer orders them by seq and backfills gaps from the log.
/// </summary>
public interface IStreamObserver
{
    /// <summary>An event was published. Must not block: the delivering thread serves every stream of the silo.</summary>
    void OnNext(LoggedEvent loggedEvent);

    /// <summary>Delivery was interrupted (a reconnect): events may have been missed and should be read from the log.</summary>
    void OnResync();
}
