using OrleansChat.Runtime.Storage;

namespace OrleansChat.Runtime.EventSourcing;

/// <summary>
/// Group commit for appends that need no version check: while one store call is in flight, later appends
/// queue, and the next call carries all of them (up to a batch size). Under load that turns many round
/// trips into one; idle, an append goes out at once.
/// </summary>
internal sealed class EventAppender(IGrainStorage storage, GrainId grainId, int maxBatch)
{
    private readonly Queue<(byte[] Data, TaskCompletionSource<long> Seq)> _queue = new();
    private readonly Lock _lock = new();
    private bool _flushing;

    /// <summary>Appends one event; completes with its seq once it is committed.</summary>
    public Task<long> AppendAsync(byte[] data)
    {
        var seq = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _queue.Enqueue((data, seq));
            if (_flushing)
            {
                return seq.Task;
            }
            _flushing = true;
        }
        _ = FlushAsync();
        return seq.Task;
    }

    private async Task FlushAsync()
    {
        while (true)
        {
            List<(byte[] Data, TaskCompletionSource<long> Seq)> batch;
            lock (_lock)
            {
                if (_queue.Count == 0)
                {
                    _flushing = false;
                    return;
                }
                batch = new List<(byte[], TaskCompletionSource<long>)>(Math.Min(_queue.Count, maxBatch));
                while (batch.Count < maxBatch && _queue.TryDequeue(out var next))
                {
                    batch.Add(next);
                }
            }
            try
            {
                var events = batch.ConvertAll(item => item.Data);
                var result = await storage.CommitAsync(grainId, CommitRequest.Append(events)).ConfigureAwait(false);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Seq.TrySetResult(result.FirstSeq + i);
                }
            }
            catch (Exception exception)
            {
                foreach (var item in batch)
                {
                    item.Seq.TrySetException(exception);
                }
            }
        }
    }
}
