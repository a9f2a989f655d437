namespace OrleansChat.Bench.Scenarios;

/// <summary>
/// Where a room member connects, whether its deliveries are measured, whether it will stop reading, and whether it is
/// a further tab of another member of its room (<see cref="TabOf"/>: that member's index; it resumes that identity).
/// </summary>
public sealed record MemberPlan(Uri Server, bool Records = true, bool Slow = false, int? TabOf = null);
