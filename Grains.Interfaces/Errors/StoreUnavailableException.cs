namespace OrleansChat.Grains;

/// <summary>
/// The cluster store (the room log or grain storage) could not be reached in time; nothing was committed.
/// Front ends answer it with <c>unavailable</c>.
/// </summary>
[GenerateSerializer, Alias("store-unavailable")]
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException()
    {
    }

    public StoreUnavailableException(string message) : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
