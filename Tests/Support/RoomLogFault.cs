namespace OrleansChat.Tests.Support;

/// <summary>How an append fails.</summary>
internal enum RoomLogFault
{
    /// <summary>The store cannot be reached: nothing is written.</summary>
    Unreachable,

    /// <summary>The append lands but its answer is lost (a timeout after the store applied it).</summary>
    LandedThenTimedOut,

    /// <summary>The append lands after a pause, as over the network to a durable store under load.</summary>
    Slow,
}
