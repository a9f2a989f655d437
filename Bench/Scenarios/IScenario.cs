using OrleansChat.Bench.Report;
using OrleansChat.Bench.Running;

namespace OrleansChat.Bench.Scenarios;

/// <summary>One benchmark scenario: starts its servers, drives them, stops them, and describes what it measured.</summary>
public interface IScenario
{
    /// <summary>The name used on the command line (<c>--scenario fanout</c>).</summary>
    string Key { get; }

    string Title { get; }

    Task<ScenarioResult> RunAsync(RunContext context, CancellationToken cancellationToken);
}
