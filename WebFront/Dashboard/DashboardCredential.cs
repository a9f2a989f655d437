using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OrleansChat.Silo.Hosting;

namespace OrleansChat.WebFront.Dashboard;

/// <summary>
/// The operator credential of <see cref="ChatDashboardOptions"/>, compared in constant time: both sides are hashed
/// first, so neither the content nor the length of the configured values shows in how long a refusal takes.
/// </summary>
internal sealed class DashboardCredential
{
    private readonly byte[]? _username;
    private readonly byte[]? _password;

    public DashboardCredential(IOptions<ChatDashboardOptions> options)
    {
        var access = options.Value;
        if (access.HasCredential)
        {
            _username = Hash(access.Username!);
            _password = Hash(access.Password!);
        }
    }

    public bool Matches(string username, string password)
    {
        if (_username is null || _password is null)
        {
            return false;
        }
        // '&', not '&&': both comparisons always run.
        return CryptographicOperations.FixedTimeEquals(Hash(username), _username)
            & CryptographicOperations.FixedTimeEquals(Hash(password), _password);
    }

    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
