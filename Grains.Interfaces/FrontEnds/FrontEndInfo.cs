namespace OrleansChat.Grains;

/// <summary>A front end as the registry knows it: its lease, its status and when it last renewed.</summary>
[GenerateSerializer, Immutable, Alias("front-end-info")]
public sealed record FrontEndInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Address,
    [property: Id(2)] string Role,
    [property: Id(3)] string Status,
    [property: Id(4)] DateTimeOffset RenewedAt);
