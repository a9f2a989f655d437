namespace OrleansChat.Bench.Clients;

/// <summary>Which server a series runs against: ours (WebFront) or the SignalR peer.</summary>
public enum ServerKind
{
    Ours,
    SignalR,
}
