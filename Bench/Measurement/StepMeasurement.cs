namespace OrleansChat.Bench.Measurement;

/// <summary>
/// The live counters of one load step, shared by every receive loop. Deliveries whose intended send time falls in the
/// measurement window feed the latency histogram (and, when asked for, the per-message completion); warm-up
/// deliveries count for loss only.
/// </summary>
public sealed class StepMeasurement(int id, long measureFrom, long measureUntil, MessageCompletion? completion = null)
{
    private long _expected;
    private long _delivered;
    private long _deliveredInWindow;
    private long _duplicates;
    private long _errors;
    private long _sent;

    public int Id { get; } = id;

    /// <summary>Start of the measurement window (Stopwatch timestamp of intended send time).</summary>
    public long MeasureFrom { get; } = measureFrom;

    public long MeasureUntil { get; } = measureUntil;

    /// <summary>Receive time minus intended send time, in microseconds.</summary>
    public LatencyHistogram Latency { get; } = new();

    /// <summary>How late the scheduler handed each message to its sender, in microseconds (the generator's own lag).</summary>
    public LatencyHistogram DispatchLag { get; } = new();

    /// <summary>When each message of the window reached its last receiver; null unless the step asked for it.</summary>
    public MessageCompletion? Completion { get; } = completion;

    public long Expected => Interlocked.Read(ref _expected);

    public long Delivered => Interlocked.Read(ref _delivered);

    public long DeliveredInWindow => Interlocked.Read(ref _deliveredInWindow);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>Messages the senders wrote to their sockets.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    public void AddExpected(long deliveries) => Interlocked.Add(ref _expected, deliveries);

    public void AddSent() => Interlocked.Increment(ref _sent);

    public void AddError() => Interlocked.Increment(ref _errors);

    public void AddDuplicate() => Interlocked.Increment(ref _duplicates);

    public void AddDelivery(long intendedTicks, long receivedTicks)
    {
        Interlocked.Increment(ref _delivered);
        if (intendedTicks >= MeasureFrom && intendedTicks < MeasureUntil)
        {
            Interlocked.Increment(ref _deliveredInWindow);
            var micros = Stopwatch.GetElapsedTime(intendedTicks, receivedTicks).Ticks / TimeSpan.TicksPerMicrosecond;
            Latency.Record(micros);
            Completion?.Add(intendedTicks, micros);
        }
    }
}
