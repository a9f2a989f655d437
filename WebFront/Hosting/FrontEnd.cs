namespace OrleansChat.WebFront.Hosting;

/// <summary>
/// This front end's id: a co-hosted WebFront is its silo, so its id is the silo address in parsable form. Rooms
/// keep presence per front end under it, and the <c>welcome</c> frame names it as <c>silo</c>.
/// </summary>
public sealed class FrontEnd(ILocalSiloDetails silo)
{
    public string Id { get; } = silo.SiloAddress.ToParsableString();

    /// <summary>The silo this front end is.</summary>
    public SiloAddress SiloAddress => silo.SiloAddress;
}
