namespace OrleansChat.WebFront.Feeds;

/// <summary>
/// One user's presence in one room on this front end: how many local connections it has there, and the chain
/// of its presence calls (join, leave), each started only after the previous one ended, so that a leave never
/// overtakes a later join. Guarded by the feed's lock.
/// </summary>
internal sealed class UserPresence
{
    public int Connections { get; set; }

    /// <summary>The last presence call chained; completed when none is in flight.</summary>
    public Task Tail { get; private set; } = Task.CompletedTask;

    /// <summary>Runs <paramref name="call"/> once every earlier call has ended, whatever their outcome.</summary>
    public Task<T> Enqueue<T>(Func<Task<T>> call)
    {
        var next = RunAfterAsync(Tail, call);
        Tail = next;
        return next;
    }

    /// <inheritdoc cref="Enqueue{T}(Func{Task{T}})"/>
    public Task Enqueue(Func<Task> call)
    {
        var next = RunAfterAsync(Tail, call);
        Tail = next;
        return next;
    }

    // The previous call's failure was its caller's to report: the next call runs regardless.
    private static async Task<T> RunAfterAsync<T>(Task previous, Func<Task<T>> call)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return await call().ConfigureAwait(false);
    }

    private static async Task RunAfterAsync(Task previous, Func<Task> call)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await call().ConfigureAwait(false);
    }
}
