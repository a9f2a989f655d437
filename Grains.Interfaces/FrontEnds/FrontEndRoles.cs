namespace OrleansChat.Grains;

/// <summary>
/// How a front end runs. A <see cref="Silo"/> front end co-hosts a silo: Orleans' membership tells when it dies.
/// A <see cref="Client"/> front end is an Orleans client of a silo tier: only its lease tells.
/// </summary>
public static class FrontEndRoles
{
    public const string Silo = "silo";

    public const string Client = "client";
}
