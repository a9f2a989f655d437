using OrleansChat.Runtime;
using OrleansChat.Runtime.Storage;

namespace OrleansChat.Tests.WebFront;

/// <summary>A store that can be made to fail on demand: unreachable (as Redis down) or faulty (an unexpected error).</summary>
internal sealed class SwitchableGrainStorage(IGrainStorage inner) : IGrainStorage
{
    public volatile bool Unreachable;
    public volatile bool Faulty;

    public Task<GrainSnapshot> ReadAsync(GrainId grainId, CancellationToken cancellationToken = default)
    {
        Check();
        return inner.ReadAsync(grainId, cancellationToken);
    }

    public Task<CommitResult> CommitAsync(GrainId grainId, CommitRequest request, CancellationToken cancellationToken = default)
    {
        Check();
        return inner.CommitAsync(grainId, request, cancellationToken);
    }

    public Task<IReadOnlyList<LoggedEvent>> ReadEventsAfterAsync(GrainId grainId, long afterSeq, int limit, CancellationToken cancellationToken = default)
    {
        Check();
        return inner.ReadEventsAfterAsync(grainId, afterSeq, limit, cancellationToken);
    }

    public Task<IReadOnlyList<LoggedEvent>> ReadEventsBeforeAsync(GrainId grainId, long beforeSeq, int limit, CancellationToken cancellationToken = default)
    {
        Check();
        return inner.ReadEventsBeforeAsync(grainId, beforeSeq, limit, cancellationToken);
    }

    public Task<IReadOnlyList<string>> ListKeysAsync(string grainType, CancellationToken cancellationToken = default)
    {
        Check();
        return inner.ListKeysAsync(grainType, cancellationToken);
    }

    public Task<bool> PingAsync(CancellationToken cancellationToken = default) =>
        Unreachable ? Task.FromResult(false) : inner.PingAsync(cancellationToken);

    private void Check()
    {
        if (Unreachable)
        {
            throw new StoreUnavailableException("The test made the store unreachable.");
        }
        if (Faulty)
        {
            throw new InvalidOperationException("The test made the store faulty.");
        }
    }
}
