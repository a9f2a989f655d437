namespace OrleansChat.Runtime;

/// <summary>
/// Marker for grain interfaces. Every method of a grain interface returns <see cref="Task"/>
/// or <see cref="Task{TResult}"/>; calls are queued to the grain's activation and run one at a time.
/// </summary>
public interface IGrain;
