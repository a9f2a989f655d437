using OrleansChat.Runtime;

namespace OrleansChat.Tests.Runtime.TestGrains;

/// <summary>A grain that notices when two of its calls overlap.</summary>
public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Increments after several awaits; throws if another call ran in between.</summary>
    Task<int> IncrementSlowlyAsync();

    Task<int> GetAsync();

    /// <summary>Always throws; the activation must survive it.</summary>
    Task FailAsync();

    /// <summary>Which activation answered (a new one after collection).</summary>
    Task<Guid> GetActivationIdAsync();
}
