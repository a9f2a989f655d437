namespace OrleansChat.Grains;

/// <summary>
/// The cluster's front ends (one activation, key 0). Every front end renews a lease here; a client front end whose
/// lease runs out loses its presence in every room (members present only there get <c>left</c>), as a silo
/// declared dead by Orleans' membership does.
/// </summary>
[Alias("front-end-registry")]
public interface IFrontEndRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Renews (or takes) the lease. False when the registry did not hold a live lease for this front end (its
    /// first renewal, or its lease had run out and its presence was dropped): the front end must then assert its
    /// presence in its rooms again.
    /// </summary>
    [Alias("renew")]
    Task<bool> RenewAsync(FrontEndLease lease);

    /// <summary>The front end stopped gracefully (its leaves are committed).</summary>
    [Alias("leave")]
    Task LeaveAsync(string id);

    [Alias("list")]
    Task<IReadOnlyList<FrontEndInfo>> ListAsync();
}
