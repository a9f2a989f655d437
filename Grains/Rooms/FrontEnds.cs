namespace OrleansChat.Grains.Rooms;

/// <summary>
/// Front end ids. A co-hosted front end is its silo, and its id is the silo's address in parsable form, so that
/// Orleans' membership tells whether it is alive.
/// </summary>
public static class FrontEnds
{
    public static string IdOf(SiloAddress silo) => silo.ToParsableString();

    /// <summary>True when membership has declared the front end's silo dead.</summary>
    public static bool IsDead(IClusterMembershipService membership, string frontEnd) =>
        TryParse(frontEnd) is { } silo && membership.CurrentSnapshot.GetSiloStatus(silo) == SiloStatus.Dead;

    private static SiloAddress? TryParse(string frontEnd)
    {
        try
        {
            return SiloAddress.FromParsableString(frontEnd);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
