namespace OrleansChat.Runtime;

/// <summary>Why an activation is going away.</summary>
public enum DeactivationReason
{
    /// <summary>It was idle longer than the collection age and had no local subscribers.</summary>
    Idle,

    /// <summary>The grain asked for it.</summary>
    Requested,

    /// <summary>Its silo is shutting down gracefully.</summary>
    SiloShutdown,
}
