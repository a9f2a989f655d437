using Orleans.Runtime.Providers;

namespace OrleansChat.Silo.Hosting;

/// <summary>
/// How long a pulling agent waits before reading a room stream queue again after a read failed. A memory stream
/// queue is a grain: when its silo dies, the survivors' agents fail to read it until it is placed again, and Orleans'
/// default backoff (10 s and more before the first retry) then stalls every room hashed to that queue for 11 s. Short
/// waits are safe: after its retries a pump gives up and the agent's timer starts a new one on its next tick.
/// </summary>
internal sealed class RoomQueueReaderBackoff : IQueueReaderBackoffProvider
{
    public static readonly TimeSpan First = TimeSpan.FromMilliseconds(100);

    public static readonly TimeSpan Longest = TimeSpan.FromSeconds(1);

    public TimeSpan Next(int attempt) => attempt >= 4 ? Longest : TimeSpan.FromTicks(Math.Min(First.Ticks << attempt, Longest.Ticks));
}
