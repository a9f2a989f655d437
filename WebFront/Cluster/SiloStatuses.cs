namespace OrleansChat.WebFront.Cluster;

/// <summary>The <c>status</c> words of <c>/api/cluster</c> for Orleans' silo statuses.</summary>
internal static class SiloStatuses
{
    public static string NameOf(SiloStatus status) => status switch
    {
        SiloStatus.Active => "active",
        SiloStatus.Dead => "dead",
        SiloStatus.ShuttingDown or SiloStatus.Stopping => "left",
        SiloStatus.Created or SiloStatus.Joining => "joining",
        _ => status.ToString().ToLowerInvariant(),
    };
}
