namespace OrleansChat.Runtime.Membership;

/// <summary>One row of the membership table; times are the table's clock, never a silo's.</summary>
public sealed record SiloEntry(string SiloId, string Address, SiloStatus Status, DateTimeOffset StartedAt, DateTimeOffset Heartbeat);
