namespace OrleansChat.Runtime.Storage;

/// <summary>
/// Durable, versioned grain state with an append-only event log per grain. Every commit is one atomic
/// operation: it checks the expected version, stores the new state, appends the events with the next
/// sequence numbers and publishes them to the grain's stream.
/// </summary>
public interface IGrainStorage
{
    /// <summary>The grain's state, version and last sequence number, read together.</summary>
    Task<GrainSnapshot> ReadAsync(GrainId grainId, CancellationToken cancellationToken = default);

    /// <summary>Commits a state change and/or appends events. A version mismatch commits nothing and reports a conflict.</summary>
    Task<CommitResult> CommitAsync(GrainId grainId, CommitRequest request, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> retained events with seq greater than <paramref name="afterSeq"/>, oldest first.</summary>
    Task<IReadOnlyList<LoggedEvent>> ReadEventsAfterAsync(GrainId grainId, long afterSeq, int limit, CancellationToken cancellationToken = default);

    /// <summary>The <paramref name="limit"/> most recent retained events with seq less than <paramref name="beforeSeq"/>, oldest first.</summary>
    Task<IReadOnlyList<LoggedEvent>> ReadEventsBeforeAsync(GrainId grainId, long beforeSeq, int limit, CancellationToken cancellationToken = default);

    /// <summary>The keys of every grain of <paramref name="grainType"/> that has committed anything.</summary>
    Task<IReadOnlyList<string>> ListKeysAsync(string grainType, CancellationToken cancellationToken = default);

    /// <summary>Whether the store answers now.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken = default);
}
