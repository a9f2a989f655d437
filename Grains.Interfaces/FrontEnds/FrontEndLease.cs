namespace OrleansChat.Grains;

/// <summary>
/// A front end announcing itself: its id (what rooms key its presence by), the HTTP address it serves, its role
/// (<see cref="FrontEndRoles"/>), and how long this announcement holds unless renewed.
/// </summary>
[GenerateSerializer, Immutable, Alias("front-end-lease")]
public sealed record FrontEndLease(
    [property: Id(0)] string Id,
    [property: Id(1)] string Address,
    [property: Id(2)] string Role,
    [property: Id(3)] TimeSpan Duration);
