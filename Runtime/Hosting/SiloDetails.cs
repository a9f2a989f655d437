namespace OrleansChat.Runtime.Hosting;

/// <summary>Who this silo is: an id unique to this process start, the address it serves, and its clock.</summary>
public sealed class SiloDetails(string siloId, string address, TimeProvider timeProvider)
{
    /// <summary>Unique per process start: a restarted silo is a new silo.</summary>
    public string SiloId { get; } = siloId;

    /// <summary>Where the silo can be reached (its HTTP address for a WebFront), for the cluster listing.</summary>
    public string Address { get; } = address;

    public TimeProvider TimeProvider { get; } = timeProvider;

    /// <summary>A fresh silo id: host name, process id and a random suffix.</summary>
    public static string NewSiloId() =>
        $"{Environment.MachineName.ToLowerInvariant()}-{Environment.ProcessId}-{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 3))}";
}
