using System.Threading.Channels;
using OrleansChat.Bench.Clients;
using OrleansChat.Bench.Measurement;

namespace OrleansChat.Bench.Running;

/// <summary>
/// One sending connection. The scheduler hands it intended send times; its loop writes them to the socket in order.
/// When the socket is slower than the schedule the times queue up here, and the wait counts in the latency
/// (measured from the intended time), so a slow server cannot hide its backlog (no coordinated omission).
/// </summary>
public sealed class Sender
{
    private readonly Channel<(StepMeasurement Step, long Intended)> _queue =
        Channel.CreateUnbounded<(StepMeasurement, long)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private long _seq;
    private Task _loop = Task.CompletedTask;

    public Sender(BenchClient client, string room, int index, int receivers, int padding = 0)
    {
        Client = client;
        Room = room;
        Index = index;
        Receivers = receivers;
        Padding = padding;
    }

    public BenchClient Client { get; }

    public string Room { get; }

    /// <summary>This sender's number within its room, as receivers index it.</summary>
    public int Index { get; }

    /// <summary>How many measuring receivers each of its messages reaches.</summary>
    public int Receivers { get; }

    public int Padding { get; }

    public void Start(CancellationToken cancellationToken) => _loop = RunAsync(cancellationToken);

    public void Enqueue(StepMeasurement step, long intended)
    {
        step.AddExpected(Receivers);
        _queue.Writer.TryWrite((step, intended));
    }

    public async Task StopAsync()
    {
        _queue.Writer.TryComplete();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync(cancellationToken))
        {
            while (reader.TryRead(out var item))
            {
                if (Client.IsClosed)
                {
                    item.Step.AddError();
                    continue;
                }
                try
                {
                    await Client.SendBenchAsync(Room, item.Step.Id, Index, ++_seq, item.Intended, Padding, cancellationToken);
                    item.Step.AddSent();
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    item.Step.AddError();
                }
            }
        }
    }
}
