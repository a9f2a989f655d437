using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using OrleansChat.Runtime.Storage;
using OrleansChat.Tests.Support;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace OrleansChat.Tests.Redis;

/// <summary>
/// Sends through Redis with group commit on and off. The assertions are about correctness (every send acked
/// once, consecutive seqs, every one in the log) and about batching really grouping; the rates are printed,
/// not asserted, since they depend on the machine.
/// </summary>
[Trait("Category", "Integration")]
[Collection(RedisCollection.Name)]
public sealed class RedisThroughputTests(RedisFixture redis, ITestOutputHelper output)
{
    private const int Messages = 4000;

    [Theory]
    [InlineData(256)]
    [InlineData(1)]
    public async Task ConcurrentSends_OneRoom_AllCommittedOnceAndBatchingGroupsThem(int maxAppendBatch)
    {
        await using var cluster = await RedisChatCluster.StartAsync(redis.ConnectionString, 1, new Dictionary<string, string?>
        {
            ["Silo:MaxAppendBatch"] = maxAppendBatch.ToString(CultureInfo.InvariantCulture),
        });
        var silo = cluster.Silos[0];
        var user = await silo.NewUserAsync();
        var feed = new EventCollector();
        var joined = await silo.JoinAsync("throughput", user, feed);
        var room = silo.Room("throughput");
        // INFO needs admin mode, which the silo's own connection does not have.
        using var admin = await ConnectionMultiplexer.ConnectAsync($"{redis.ConnectionString},allowAdmin=true");
        var scriptsBefore = await ScriptCallsAsync(admin);

        var clock = Stopwatch.StartNew();
        var acks = await Task.WhenAll(Enumerable.Range(0, Messages).Select(i => room.SendAsync(user, $"m{i}")));
        var elapsed = clock.Elapsed;
        var scriptCalls = await ScriptCallsAsync(admin) - scriptsBefore;
        await feed.WaitForAsync(e => e.Seq == joined.Seq + Messages, TimeSpan.FromSeconds(30));

        Assert.Equal(Enumerable.Range((int)joined.Seq + 1, Messages).Select(s => (long)s), acks.Order());
        var log = await silo.Services.GetRequiredService<IGrainStorage>().ReadEventsAfterAsync(new OrleansChat.Runtime.GrainId("room", "throughput"), joined.Seq, Messages + 10);
        Assert.Equal(Messages, log.Count);
        if (maxAppendBatch == 1)
        {
            Assert.True(scriptCalls >= Messages, $"{scriptCalls} script calls for {Messages} unbatched sends");
        }
        else
        {
            Assert.True(scriptCalls < Messages / 4, $"{scriptCalls} script calls for {Messages} batched sends");
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"MaxAppendBatch={maxAppendBatch}: {Messages} sends acked in {elapsed.TotalMilliseconds:F0} ms = {Messages / elapsed.TotalSeconds:F0} messages/s, {scriptCalls} commit scripts ({scriptCalls / elapsed.TotalSeconds:F0} commits/s, {(double)Messages / Math.Max(scriptCalls, 1):F1} messages per commit)"));
    }

    [Fact]
    public async Task StoreCommits_ManyInFlight_EveryOneGetsItsOwnConsecutiveSeq()
    {
        await using var cluster = await RedisChatCluster.StartAsync(redis.ConnectionString, 1);
        var storage = cluster.Silos[0].Services.GetRequiredService<IGrainStorage>();
        var grain = new OrleansChat.Runtime.GrainId("room", "raw-commits");
        var payload = System.Text.Encoding.UTF8.GetBytes("{\"type\":\"message\",\"text\":\"hello\"}");

        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, Messages).Select(_ => storage.CommitAsync(grain, CommitRequest.Append([payload]))));
        var elapsed = clock.Elapsed;

        Assert.Equal(Enumerable.Range(1, Messages).Select(s => (long)s), results.Select(r => r.FirstSeq).Order());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Messages} single-event commits pipelined on one connection: {elapsed.TotalMilliseconds:F0} ms = {Messages / elapsed.TotalSeconds:F0} commits/s"));
    }

    /// <summary>Calls of Lua scripts (EVAL and EVALSHA) the server has run so far.</summary>
    private static async Task<long> ScriptCallsAsync(ConnectionMultiplexer multiplexer)
    {
        var server = multiplexer.GetServer(multiplexer.GetEndPoints()[0]);
        long calls = 0;
        foreach (var group in await server.InfoAsync("commandstats"))
        {
            foreach (var (key, value) in group)
            {
                if (key is "cmdstat_evalsha" or "cmdstat_eval")
                {
                    var field = value.Split(',')[0];
                    calls += long.Parse(field["calls=".Length..], CultureInfo.InvariantCulture);
                }
            }
        }
        return calls;
    }
}
