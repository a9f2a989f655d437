using System.ComponentModel.DataAnnotations;

namespace OrleansChat.Runtime.Membership;

/// <summary>Heartbeat and failure-detection timing (section <c>Membership</c>).</summary>
public sealed class MembershipOptions
{
    public const string SectionName = "Membership";
    public static readonly TimeSpan DefaultHeartbeatPeriod = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan DefaultDeadAfter = TimeSpan.FromSeconds(10);

    /// <summary>How often a silo stamps its heartbeat and looks for dead silos.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan HeartbeatPeriod { get; set; } = DefaultHeartbeatPeriod;

    /// <summary>How long a silo may be silent before it is declared dead; must exceed the heartbeat period.</summary>
    [Range(typeof(TimeSpan), "00:00:00.020", "01:00:00")]
    public TimeSpan DeadAfter { get; set; } = DefaultDeadAfter;
}
