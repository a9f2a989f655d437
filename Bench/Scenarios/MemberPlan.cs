namespace OrleansChat.Bench.Scenarios;

/// <summary>Where a room member connects, whether its deliveries are measured, and whether it will stop reading.</summary>
public sealed record MemberPlan(Uri Server, bool Records = true, bool Slow = false);
