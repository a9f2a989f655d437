namespace OrleansChat.Bench.Tracing;

/// <summary>
/// A stage of one message's way through the server, recognised in a sampled stack by any frame whose method name
/// contains one of <see cref="Frames"/> (namespace, type and method, as the trace names them).
/// </summary>
public sealed record TraceStage(string Name, string Covers, IReadOnlyList<string> Frames)
{
    public bool Matches(string method)
    {
        foreach (var frame in Frames)
        {
            if (method.Contains(frame, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
