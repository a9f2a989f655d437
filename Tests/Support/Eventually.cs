namespace OrleansChat.Tests.Support;

/// <summary>
/// For state that changes with no event to await (a grain updated in the background): asks again until the answer
/// is right, failing after a timeout.
/// </summary>
internal static class Eventually
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    public static async Task<T> MatchesAsync<T>(Func<Task<T>> read, Func<T, bool> match, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        using var cancellation = new CancellationTokenSource(limit);
        while (true)
        {
            var value = await read();
            if (match(value))
            {
                return value;
            }
            try
            {
                await Task.Delay(PollInterval, cancellation.Token);
            }
            catch (OperationCanceledException)
            {
                // Return the last answer for the caller's assertion to describe.
                return value;
            }
        }
    }
}
