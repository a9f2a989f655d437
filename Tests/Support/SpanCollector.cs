using System.Collections;
using System.Diagnostics;

namespace OrleansChat.Tests.Support;

/// <summary>
/// Where OpenTelemetry's in-memory exporter puts the spans it exports, safe to read while spans still end on other
/// threads, with a way to await a span. Activity sources are process-wide: it also gets the spans of other tests' hosts,
/// so tests pick theirs by trace.
/// </summary>
internal sealed class SpanCollector : ICollection<Activity>
{
    private readonly List<Activity> _spans = [];
    private readonly Lock _lock = new();
    private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _spans.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    /// <summary>The first span exported so far or later that matches, or a failure after the timeout.</summary>
    public async Task<Activity> WaitForAsync(Func<Activity, bool> match, TimeSpan? timeout = null)
    {
        using var cancellation = new CancellationTokenSource(timeout ?? ProtocolClient.DefaultTimeout);
        var scanned = 0;
        while (true)
        {
            Task added;
            lock (_lock)
            {
                for (; scanned < _spans.Count; scanned++)
                {
                    if (match(_spans[scanned]))
                    {
                        return _spans[scanned];
                    }
                }
                added = _added.Task;
            }
            try
            {
                await added.WaitAsync(cancellation.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No matching span within the timeout. Exported:\n{Dump()}");
            }
        }
    }

    /// <summary>Every span exported so far, one a line (failure messages).</summary>
    public string Dump()
    {
        lock (_lock)
        {
            return string.Join('\n', _spans.Select(s => $"{s.Source.Name} '{s.DisplayName}' {s.Kind} trace {s.TraceId} span {s.SpanId} parent {s.ParentSpanId}"));
        }
    }

    /// <summary>The spans of one trace exported so far.</summary>
    public IReadOnlyList<Activity> Trace(ActivityTraceId traceId)
    {
        lock (_lock)
        {
            return [.. _spans.Where(s => s.TraceId == traceId)];
        }
    }

    public void Add(Activity item)
    {
        TaskCompletionSource added;
        lock (_lock)
        {
            _spans.Add(item);
            added = _added;
            _added = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        added.TrySetResult();
    }

    public void Clear()
    {
        lock (_lock)
        {
            _spans.Clear();
        }
    }

    public bool Contains(Activity item)
    {
        lock (_lock)
        {
            return _spans.Contains(item);
        }
    }

    public void CopyTo(Activity[] array, int arrayIndex)
    {
        lock (_lock)
        {
            _spans.CopyTo(array, arrayIndex);
        }
    }

    public bool Remove(Activity item)
    {
        lock (_lock)
        {
            return _spans.Remove(item);
        }
    }

    public IEnumerator<Activity> GetEnumerator()
    {
        lock (_lock)
        {
            return _spans.ToList().GetEnumerator();
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
