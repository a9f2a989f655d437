using Orleans.Configuration;

namespace OrleansChat.Silo.Hosting;

/// <summary>
/// Failure detection, from Orleans' <see cref="ClusterMembershipOptions"/> (section <c>Membership</c> overrides any of
/// them). Orleans' defaults declare a killed silo dead after 12-14 s; the chat promises <c>left</c> within 10 s, so
/// probes time out sooner and fewer may be missed. A busy silo still answers probes (they run on their own
/// threads), and indirect probes through another silo keep one slow link from killing it.
/// </summary>
public static class MembershipDefaults
{
    public const string SectionName = "Membership";

    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    public const int NumMissedProbesLimit = 2;

    public static void Apply(ClusterMembershipOptions options)
    {
        options.ProbeTimeout = ProbeTimeout;
        options.NumMissedProbesLimit = NumMissedProbesLimit;
    }
}
