namespace OrleansChat.Runtime.Storage;

/// <summary>The cluster store could not be reached in time; nothing was committed.</summary>
public sealed class StoreUnavailableException(string message, Exception? innerException = null)
    : Exception(message, innerException);
