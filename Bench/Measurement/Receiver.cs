namespace OrleansChat.Bench.Measurement;

/// <summary>
/// The measuring side of one client connection: checks per sender that bench messages arrive in order without
/// duplicates and records each delivery on its step. Used by one receive loop only, so it takes no locks.
/// </summary>
public sealed class Receiver(MeasurementBoard board, int senders)
{
    private readonly long[] _lastSeq = NewLastSeq(senders);

    public long Unexpected { get; private set; }

    public void OnDelivery(ReadOnlySpan<byte> text, long receivedTicks)
    {
        if (!BenchText.TryParse(text, out var stepId, out var sender, out var seq, out var intended)
            || (uint)sender >= (uint)_lastSeq.Length || board.Get(stepId) is not { } step)
        {
            Unexpected++;
            return;
        }
        // Both servers deliver one sender's messages in order: an old seq is a second copy.
        if (seq <= _lastSeq[sender])
        {
            step.AddDuplicate();
            return;
        }
        _lastSeq[sender] = seq;
        step.AddDelivery(intended, receivedTicks);
    }

    private static long[] NewLastSeq(int senders)
    {
        var last = new long[Math.Max(1, senders)];
        Array.Fill(last, -1);
        return last;
    }
}
