namespace OrleansChat.Silo.Hosting;

/// <summary>
/// The rooms' memory stream provider (section <c>Streams</c>). Each silo's pulling agents poll their queues every
/// <see cref="PullingPeriod"/>: shorter means lower latency and more idle CPU (DESIGN.md has the measurements).
/// </summary>
public sealed class RoomStreamOptions
{
    public const string SectionName = "Streams";

    public static readonly TimeSpan DefaultPullingPeriod = TimeSpan.FromMilliseconds(10);

    public const int DefaultQueueCount = 8;

    public TimeSpan PullingPeriod { get; set; } = DefaultPullingPeriod;

    /// <summary>Queues the room streams are hashed over, spread across the silos' pulling agents.</summary>
    public int QueueCount { get; set; } = DefaultQueueCount;
}
