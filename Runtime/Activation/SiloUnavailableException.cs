namespace OrleansChat.Runtime.Activation;

/// <summary>The call could not run because the silo holding the activation stopped.</summary>
public sealed class SiloUnavailableException(GrainId grainId)
    : Exception($"The silo holding {grainId} has stopped.");
