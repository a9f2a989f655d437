namespace OrleansChat.Silo.Hosting;

/// <summary>Where this silo listens and is reached (section <c>Orleans</c>). Every silo on one host needs ports of its own.</summary>
public sealed class SiloEndpointOptions
{
    public const string SectionName = "Orleans";

    public const int DefaultSiloPort = 11111;

    public const int DefaultGatewayPort = 30000;

    /// <summary>Silo-to-silo traffic.</summary>
    public int SiloPort { get; set; } = DefaultSiloPort;

    /// <summary>Orleans clients (split-tier front ends) connect here.</summary>
    public int GatewayPort { get; set; } = DefaultGatewayPort;

    /// <summary>
    /// The IP other silos reach this one at. Empty: loopback with the Memory provider, else the host's first
    /// non-loopback address (what a container should advertise).
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Memory provider only: the silo port of the localhost cluster's first silo, to join it; empty: this silo is the first.</summary>
    public int? PrimarySiloPort { get; set; }
}
