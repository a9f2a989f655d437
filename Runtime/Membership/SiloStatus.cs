namespace OrleansChat.Runtime.Membership;

/// <summary>A silo's standing in the membership table.</summary>
public enum SiloStatus
{
    /// <summary>Registered and heartbeating.</summary>
    Active,

    /// <summary>Fell silent and was reaped by a survivor.</summary>
    Dead,

    /// <summary>Shut down gracefully after committing its own leaves.</summary>
    Left,
}
