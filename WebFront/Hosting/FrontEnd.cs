using OrleansChat.Grains;
using OrleansChat.Grains.Rooms;

namespace OrleansChat.WebFront.Hosting;

/// <summary>
/// This front end: its id (rooms keep presence under it; <c>welcome.silo</c> names it) and its role. A co-hosted
/// front end is its silo, so its id is the silo's (Orleans' membership tells when it dies); a client front end of a
/// silo tier gets an id of its own, and its lease tells.
/// </summary>
public sealed class FrontEnd
{
    private FrontEnd(string id, string role)
    {
        Id = id;
        Role = role;
    }

    public string Id { get; }

    /// <summary><see cref="FrontEndRoles.Silo"/> or <see cref="FrontEndRoles.Client"/>.</summary>
    public string Role { get; }

    public static FrontEnd ForSilo(ILocalSiloDetails silo) => new(FrontEnds.IdOf(silo.SiloAddress), FrontEndRoles.Silo);

    /// <summary>A new id for every process: a restarted front end is a new front end (the old one's presence is dropped).</summary>
    public static FrontEnd ForClient() =>
        new($"client:{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}", FrontEndRoles.Client);
}
