namespace OrleansChat.WebFront.Cluster;

/// <summary>
/// How this front end is attached to the cluster (a co-hosted silo, or a client through gateways): whether it is
/// ready, and what it does when events may have been lost on the way (feeds catch up from their rooms' logs).
/// </summary>
internal interface IClusterAttachment
{
    /// <summary>Null when attached and usable; else why not (for <c>/readyz</c>).</summary>
    string? NotReadyReason { get; }

    void Start();

    Task StopAsync();
}
