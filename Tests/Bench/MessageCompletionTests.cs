using OrleansChat.Bench.Measurement;

namespace OrleansChat.Tests.Bench;

[Trait("Category", "Unit")]
public sealed class MessageCompletionTests
{
    [Fact]
    public void Add_EveryReceiverHasIt_RecordsTheLastArrival()
    {
        var completion = new MessageCompletion(receivers: 3);

        // Message sent at tick 100 arrives after 10, 30, 20 µs; the one at tick 200 after 5, 50, 7 µs.
        completion.Add(100, 10);
        completion.Add(200, 5);
        completion.Add(100, 30);
        completion.Add(200, 50);
        completion.Add(100, 20);
        completion.Add(200, 7);

        Assert.Equal(2, completion.LastArrival.Count);
        Assert.Equal(30, completion.LastArrival.ValueAtPercentile(50));
        Assert.Equal(50, completion.LastArrival.ValueAtPercentile(100));
        Assert.Equal(0, completion.Incomplete);
    }

    [Fact]
    public void Add_AReceiverMissing_MessageStaysIncompleteAndUnrecorded()
    {
        var completion = new MessageCompletion(receivers: 3);

        completion.Add(100, 10);
        completion.Add(100, 900);

        Assert.Equal(0, completion.LastArrival.Count);
        Assert.Equal(1, completion.Incomplete);
    }

    [Fact]
    public void Add_ManyReceiveLoopsAtOnce_EachMessageRecordedOnceWithItsSlowest()
    {
        const int receivers = 1_000;
        var completion = new MessageCompletion(receivers);

        // 20 messages, each delivered to 1,000 receivers on many threads; receiver r sees message m after r + 1 µs.
        Parallel.For(0, receivers, r =>
        {
            for (var m = 0; m < 20; m++)
            {
                completion.Add(m, r + 1);
            }
        });

        Assert.Equal(20, completion.LastArrival.Count);
        Assert.Equal(receivers, completion.LastArrival.ValueAtPercentile(1));
        Assert.Equal(0, completion.Incomplete);
    }
}
