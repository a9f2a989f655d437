namespace OrleansChat.WebFront.Hosting;

/// <summary>How this front end runs and announces itself (section <c>FrontEnd</c>; the role is <c>Orleans:Role</c>).</summary>
public sealed class FrontEndOptions
{
    public const string SectionName = "FrontEnd";

    /// <summary>The setting that picks the role: <c>Silo</c> (default: co-host a silo) or <c>Client</c> (join a silo tier as an Orleans client).</summary>
    public const string RoleSetting = "Orleans:Role";

    public static readonly TimeSpan DefaultLeaseDuration = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan DefaultRenewPeriod = TimeSpan.FromSeconds(1);

    /// <summary>The HTTP address operators reach this front end at (<c>/api/cluster</c> lists it); empty: the first one it listens on.</summary>
    public string? Address { get; set; }

    /// <summary>How long a client front end's presence outlives its last renewal (its death, or a cut network).</summary>
    public TimeSpan LeaseDuration { get; set; } = DefaultLeaseDuration;

    public TimeSpan RenewPeriod { get; set; } = DefaultRenewPeriod;

    public static bool IsClientRole(string? role) => string.Equals(role, "Client", StringComparison.OrdinalIgnoreCase);
}
