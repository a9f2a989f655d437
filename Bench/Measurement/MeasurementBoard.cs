namespace OrleansChat.Bench.Measurement;

/// <summary>
/// All steps of a run by id, so a receive loop can attribute a delivery to the step its sender stamped in the text,
/// and the step now running, which collects error replies and unexpected closes.
/// </summary>
public sealed class MeasurementBoard
{
    private readonly List<StepMeasurement> _steps = [];
    private StepMeasurement? _current;
    private long _unattributedErrors;

    public StepMeasurement? Current => Volatile.Read(ref _current);

    /// <summary>Errors that arrived while no step ran (setup, drain).</summary>
    public long UnattributedErrors => Interlocked.Read(ref _unattributedErrors);

    /// <summary>Starts a step; with <paramref name="completionReceivers"/> it also times each message to its last receiver.</summary>
    public StepMeasurement StartStep(long measureFrom, long measureUntil, int completionReceivers = 0)
    {
        lock (_steps)
        {
            var step = new StepMeasurement(_steps.Count, measureFrom, measureUntil, completionReceivers > 0 ? new MessageCompletion(completionReceivers) : null);
            _steps.Add(step);
            Volatile.Write(ref _current, step);
            return step;
        }
    }

    public void EndStep() => Volatile.Write(ref _current, null);

    public StepMeasurement? Get(int id)
    {
        lock (_steps)
        {
            return (uint)id < (uint)_steps.Count ? _steps[id] : null;
        }
    }

    public void AddError()
    {
        if (Current is { } step)
        {
            step.AddError();
        }
        else
        {
            Interlocked.Increment(ref _unattributedErrors);
        }
    }
}
