using OrleansChat.Bench.Scenarios;
using OrleansChat.Bench.Tracing;

namespace OrleansChat.Tests.Bench;

[Trait("Category", "Unit")]
public sealed class StageBreakdownTests
{
    private const string Worker = "System.Threading.PortableThreadPool+WorkerThread.WorkerThreadStart()";
    private const string Dispatch = "System.Threading.ThreadPoolWorkQueue.Dispatch()";

    [Fact]
    public void Add_FeedUnderTheStreamConsumer_CountsAsFanOutNotDelivery()
    {
        var breakdown = new StageBreakdown();

        // The feed is called by Orleans' stream consumer extension: the innermost stage frame says what the thread did.
        breakdown.Add(
        [
            "System.Text.Json.JsonSerializer.WriteString()",
            "OrleansChat.WebFront.Feeds.RoomFeed+<OnNextAsync>d__31.MoveNext()",
            "Orleans.Streams.StreamConsumerExtension+<DeliverBatch>d__12.MoveNext()",
            Dispatch, Worker,
        ], StageScenario.Stages);

        Assert.Equal(1, breakdown.SamplesOf("fan-out and socket writes"));
        Assert.Equal(0, breakdown.SamplesOf("stream delivery to the room feed"));
        Assert.Equal(1, breakdown.BusySamples);
    }

    [Fact]
    public void Add_AppendInsideTheCommit_CountsAsLogAppend()
    {
        var breakdown = new StageBreakdown();

        breakdown.Add(
        [
            "OrleansChat.Grains.Storage.MemoryRoomLogStore.AppendAsync(class System.String,class OrleansChat.Grains.Storage.RoomAppend)",
            "OrleansChat.Grains.Rooms.RoomGrain+<CommitNextAsync>d__25.MoveNext()",
            "OrleansChat.Grains.Rooms.RoomGrain.EnqueueAsync(class OrleansChat.Grains.Rooms.RoomChange)",
            Dispatch, Worker,
        ], StageScenario.Stages);

        Assert.Equal(1, breakdown.SamplesOf("log append"));
        Assert.Equal(0, breakdown.SamplesOf("grain call"));
    }

    [Fact]
    public void Add_GrainCallMachineryUnderThePublish_CountsAsStreamPublish()
    {
        var breakdown = new StageBreakdown();

        // Publishing calls the stream's queue grain: Orleans' call machinery belongs to the stage that made the call.
        breakdown.Add(
        [
            "Orleans.Runtime.GrainReference.InvokeAsync(class Orleans.Serialization.Invocation.IInvokable)",
            "Orleans.Streams.StreamImpl`1[System.__Canon].OnNextAsync(!0,class Orleans.Streams.StreamSequenceToken)",
            "OrleansChat.Grains.Rooms.RoomGrain+<PublishAsync>d__30.MoveNext()",
            "OrleansChat.Grains.Rooms.RoomGrain+<CommitNextAsync>d__25.MoveNext()",
            Dispatch, Worker,
        ], StageScenario.Stages);

        Assert.Equal(1, breakdown.SamplesOf("stream publish"));
        Assert.Equal(0, breakdown.SamplesOf("grain call"));
        Assert.Equal(0, breakdown.SamplesOf("log append"));
    }

    [Fact]
    public void Add_WaitsAndUnnamedNativeLeaves_AreIdleNotBusy()
    {
        var breakdown = new StageBreakdown();

        breakdown.Add(["System.Threading.LowLevelLifoSemaphore.WaitNative(class Microsoft.Win32.SafeHandles.SafeWaitHandle,int32)", Worker], StageScenario.Stages);
        breakdown.Add(["", "System.Net.Sockets.SocketAsyncEngine.EventLoop()"], StageScenario.Stages);
        breakdown.Add([Worker, "System.Threading.Thread.StartCallback()"], StageScenario.Stages);

        Assert.Equal(3, breakdown.IdleSamples);
        Assert.Equal(1, breakdown.SpinSamples);
        Assert.Equal(0, breakdown.BusySamples);
    }

    [Fact]
    public void Add_NoStageFrame_GoesToOrleansRuntimeOrOther()
    {
        var breakdown = new StageBreakdown();

        breakdown.Add(["Orleans.Runtime.Messaging.MessageCenter.SendMessage(class Orleans.Runtime.Message)", Dispatch, Worker], StageScenario.Stages);
        breakdown.Add(["System.Threading.TimerQueueTimer.Fire(bool)", Dispatch, Worker], StageScenario.Stages);

        Assert.Equal(1, breakdown.SamplesOf(StageBreakdown.OrleansRuntime));
        Assert.Equal(1, breakdown.SamplesOf(StageBreakdown.Other));
        Assert.Equal(2, breakdown.BusySamples);
    }
}
