namespace OrleansChat.Runtime;

/// <summary>
/// Marks a grain interface method whose calls may interleave with other calls at their awaits,
/// as Orleans' attribute of the same name. Such a method must not change grain state after an await;
/// the runtime still never runs two pieces of the grain's code at the same moment.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = true)]
public sealed class AlwaysInterleaveAttribute : Attribute;
