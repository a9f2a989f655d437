using OrleansChat.Runtime.Storage;

namespace OrleansChat.Runtime.Activation;

/// <summary>A turn that produces a <typeparamref name="T"/> for its caller.</summary>
internal sealed class WorkItem<T>(Func<Grain, Task<T>> invoke, bool interleave, bool isCall) : WorkItem(interleave, isCall)
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<T> Completion => _completion.Task;

    public override async Task RunAsync(Grain grain)
    {
        try
        {
            _completion.TrySetResult(await invoke(grain));
        }
        catch (VersionConflictException)
        {
            throw;
        }
        catch (Exception exception)
        {
            _completion.TrySetException(exception);
        }
    }

    public override void Fail(Exception exception) => _completion.TrySetException(exception);
}
