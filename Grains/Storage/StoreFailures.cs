using StackExchange.Redis;

namespace OrleansChat.Grains.Storage;

/// <summary>Tells a store that could not be reached (answer <c>unavailable</c>) from a fault (answer <c>internal</c>).</summary>
public static class StoreFailures
{
    // Orleans' Redis grain storage reports every failure as this type, naming the cause only in its message
    // ("... storage key {key}. {type}: {message}") and without an inner exception.
    private const string OrleansRedisStorageException = "Orleans.Persistence.Redis.RedisStorageException";

    private static readonly string[] UnavailableCauses =
    [
        typeof(RedisConnectionException).FullName + ":",
        typeof(RedisTimeoutException).FullName + ":",
        typeof(RedisServerException).FullName + ": LOADING",
    ];

    /// <summary>
    /// True for <see cref="StoreUnavailableException"/> and for Redis being away (or loading its data after a
    /// restart) when Orleans' own Redis providers (grain state, pub-sub) met it, anywhere in the exception's chain.
    /// </summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is StoreUnavailableException or RedisConnectionException or RedisTimeoutException || NamesRedisAway(current))
            {
                return true;
            }
            if (current.GetType().FullName == OrleansRedisStorageException
                && UnavailableCauses.Any(cause => current.Message.Contains(cause, StringComparison.Ordinal)))
            {
                return true;
            }
            if (current is AggregateException { InnerExceptions.Count: > 1 } aggregate)
            {
                return aggregate.InnerExceptions.Any(IsUnavailable);
            }
        }
        return false;
    }

    /// <summary>
    /// Orleans' Redis grain storage reports Redis being away as a RedisStorageException (wrapped in an OrleansException)
    /// that keeps only the type and message of the Redis exception, in its own message.
    /// </summary>
    private static bool NamesRedisAway(Exception exception) =>
        exception.Message.Contains(RedisConnectionName, StringComparison.Ordinal) || exception.Message.Contains(RedisTimeoutName, StringComparison.Ordinal);

    private static readonly string RedisConnectionName = typeof(RedisConnectionException).FullName!;

    private static readonly string RedisTimeoutName = typeof(RedisTimeoutException).FullName!;

    /// <summary>Writes grain state, turning an unreachable store into <see cref="StoreUnavailableException"/>.</summary>
    public static async Task WriteOrUnavailableAsync<T>(this IPersistentState<T> state)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception exception) when (IsUnavailable(exception) && exception is not StoreUnavailableException)
        {
            throw new StoreUnavailableException("The grain storage cannot be reached: " + exception.Message, exception);
        }
    }
}
