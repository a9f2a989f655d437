using System.Net.Http.Headers;
using System.Text;

namespace OrleansChat.Tests.WebFront;

/// <summary>
/// A two-silo cluster of Production front ends that serve the Orleans Dashboard behind an operator credential, as
/// an operator would turn it on (<c>Dashboard__Enabled</c>, <c>Dashboard__Username</c>, <c>Dashboard__Password</c>).
/// </summary>
public sealed class DashboardFixture() : TwoWebFrontsFixture(Settings)
{
    public const string Username = "operator";

    public const string Password = "correct horse battery staple";

    internal static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Dashboard:Enabled"] = "true",
        ["Dashboard:Username"] = Username,
        ["Dashboard:Password"] = Password,
    };

    /// <summary>An <c>Authorization: Basic</c> header for <paramref name="username"/> and <paramref name="password"/>.</summary>
    public static AuthenticationHeaderValue Basic(string username = Username, string password = Password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));
}
