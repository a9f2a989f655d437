namespace OrleansChat.Grains.FrontEnds;

/// <summary>What the registry stores of a front end: its last lease, its status and when that last changed or renewed.</summary>
[GenerateSerializer, Immutable, Alias("front-end-record")]
public sealed record FrontEndRecord([property: Id(0)] FrontEndLease Lease, [property: Id(1)] string Status, [property: Id(2)] DateTimeOffset RenewedAt)
{
    public FrontEndInfo ToInfo() => new(Lease.Id, Lease.Address, Lease.Role, Status, RenewedAt);
}
