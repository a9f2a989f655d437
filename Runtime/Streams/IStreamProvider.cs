namespace OrleansChat.Runtime.Streams;

/// <summary>Live delivery of the events that the store commits to a grain's log.</summary>
public interface IStreamProvider
{
    /// <summary>Delivers every event published to the grain's stream from now on, until the subscription is disposed.</summary>
    Task<IAsyncDisposable> SubscribeAsync(GrainId stream, IStreamObserver observer, CancellationToken cancellationToken = default);
}
