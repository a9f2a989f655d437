using System.Diagnostics;
using System.Globalization;
using OrleansChat.Tests.Support;
using Xunit.Abstractions;

namespace OrleansChat.Tests.Redis;

/// <summary>
/// Sends through a room whose log is in Redis, with group commit on and off. The assertions are about correctness
/// (every send acked once, consecutive seqs, every one in the log with its text) and about batching really grouping;
/// the rates are printed, not asserted, since they depend on the machine.
/// </summary>
[Trait("Category", "Integration")]
[Collection(RedisCollection.Name)]
public sealed class RedisThroughputTests(RedisFixture redis, ITestOutputHelper output)
{
    private const int Messages = 4000;

    [Theory]
    [InlineData(256)]
    [InlineData(1)]
    public async Task Send_ManyConcurrentInOneRoom_AllCommittedOnceAndBatchingGroupsThem(int maxAppendBatch)
    {
        await using var cluster = await RedisChatCluster.StartAsync(redis.ConnectionString, 1, new Dictionary<string, string?>
        {
            ["Silo:MaxAppendBatch"] = maxAppendBatch.ToString(CultureInfo.InvariantCulture),
        });
        var frontEnd = cluster.FrontEnds[0];
        var room = TestRooms.New("throughput");
        var user = await frontEnd.NewUserAsync();
        await using var feed = await frontEnd.SubscribeAsync(room);
        var joined = await frontEnd.JoinAsync(room, user);
        var appendsBefore = cluster.Appends[room];

        var clock = Stopwatch.StartNew();
        var acks = await Task.WhenAll(Enumerable.Range(0, Messages).Select(i => frontEnd.SendAsync(room, user, $"m{i}")));
        var elapsed = clock.Elapsed;
        var appends = cluster.Appends[room] - appendsBefore;
        await feed.WaitForSeqAsync(joined.Seq + Messages, TimeSpan.FromSeconds(30));
        var log = await frontEnd.Room(room).GetEventsAfterAsync(joined.Seq, long.MaxValue);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"MaxAppendBatch={maxAppendBatch}: {Messages} sends acked in {elapsed.TotalMilliseconds:F0} ms = {Messages / elapsed.TotalSeconds:F0} messages/s, {appends} appends = {appends / elapsed.TotalSeconds:F0} appends/s, {(double)Messages / Math.Max(appends, 1):F1} messages per append"));
        Assert.Equal(Enumerable.Range((int)joined.Seq + 1, Messages).Select(s => (long)s), acks.Order());
        Assert.Equal(acks.Order(), log.Select(e => e.Seq));
        Assert.All(acks.Select((seq, i) => (seq, i)), x => Assert.Equal($"m{x.i}", log[(int)(x.seq - joined.Seq - 1)].Text));
        Assert.Equal(Enumerable.Range(1, (int)joined.Seq + Messages).Select(s => (long)s), feed.Seqs);
        if (maxAppendBatch == 1)
        {
            Assert.Equal(Messages, appends);
        }
        else
        {
            Assert.InRange(appends, 1, Messages / 4);
        }
    }
}
