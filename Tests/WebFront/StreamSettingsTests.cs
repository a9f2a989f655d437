using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OrleansChat.Grains;
using OrleansChat.Silo.Hosting;

namespace OrleansChat.Tests.WebFront;

/// <summary>The <c>Streams</c> settings reach the silo's pulling agents, and values that would stall delivery refuse to start.</summary>
public sealed class StreamSettingsTests
{
    [Theory]
    [InlineData(null, RoomStreamOptions.DefaultDeliveryBatchSize)]
    [InlineData("7", 7)]
    public async Task DeliveryBatchSize_ReachesThePullingAgents(string? configured, int expected)
    {
        var settings = new Dictionary<string, string?>();
        if (configured is not null)
        {
            settings["Streams:DeliveryBatchSize"] = configured;
        }
        await using var server = await WebFrontServer.StartAsync(settings);

        var agents = server.Services.GetRequiredService<IOptionsMonitor<StreamPullingAgentOptions>>().Get(ChatStreams.ProviderName);

        Assert.Equal(expected, agents.BatchContainerBatchSize);
        Assert.Equal(RoomStreamOptions.DefaultPullingPeriod, agents.GetQueueMsgsTimerPeriod);
    }

    [Theory]
    [InlineData("Streams:DeliveryBatchSize", "0")]
    [InlineData("Streams:QueueCount", "0")]
    [InlineData("Streams:PullingPeriod", "00:00:00")]
    public async Task StreamSetting_ThatWouldStallDelivery_RefusesToStart(string key, string value)
    {
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(
            () => WebFrontServer.StartAsync(new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(key.Split(':')[1], refused.Message, StringComparison.Ordinal);
    }
}
