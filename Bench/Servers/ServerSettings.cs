namespace OrleansChat.Bench.Servers;

/// <summary>
/// The configuration keys of our server (WebFront with its co-hosted Orleans silo) that the generator sets or reports,
/// as environment variables (<c>Section__Key</c>), with the server's defaults where the report shows them.
/// </summary>
public static class ServerSettings
{
    /// <summary>Silo-to-silo port: every silo on a host needs its own, so every process gets a free one.</summary>
    public const string SiloPort = "Orleans__SiloPort";

    /// <summary>Client gateway port: like the silo port, one free port per process.</summary>
    public const string GatewayPort = "Orleans__GatewayPort";

    /// <summary>The address other silos reach this one at (the Redis provider defaults to the host's address).</summary>
    public const string AdvertisedAddress = "Orleans__AdvertisedAddress";

    /// <summary><c>Memory</c> (the embedded default: localhost clustering, in-memory log) or <c>Redis</c>.</summary>
    public const string ClusterProvider = "Cluster__Provider";

    /// <summary><c>Client</c>: a WebFront without a silo, an Orleans client of the headless silos (the split tier).</summary>
    public const string Role = "Orleans__Role";

    public const string ClusterId = "Cluster__ClusterId";

    public const string ServiceId = "Cluster__ServiceId";

    public const string RedisConnection = "ConnectionStrings__Redis";

    /// <summary>How often the memory stream provider's pulling agents read their queues.</summary>
    public const string StreamsPullingPeriod = "Streams__PullingPeriod";

    /// <summary>How many queues (and pulling agents) the memory stream provider has.</summary>
    public const string StreamsQueueCount = "Streams__QueueCount";

    /// <summary>How many stream items a pulling agent hands a subscriber in one delivery call.</summary>
    public const string StreamsDeliveryBatchSize = "Streams__DeliveryBatchSize";

    /// <summary>The server's default pulling period, shown when nothing sets it.</summary>
    public static readonly TimeSpan DefaultStreamsPullingPeriod = TimeSpan.FromMilliseconds(10);

    /// <summary>The server's default queue count, shown when nothing sets it.</summary>
    public const int DefaultStreamsQueueCount = 8;

    /// <summary>The server's default delivery batch, shown when nothing sets it.</summary>
    public const int DefaultStreamsDeliveryBatchSize = 128;
}
