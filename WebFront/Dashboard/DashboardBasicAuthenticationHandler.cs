using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace OrleansChat.WebFront.Dashboard;

/// <summary>
/// HTTP Basic against the operator credential. A request without it is challenged with 401 and
/// <c>WWW-Authenticate: Basic</c>, so a browser asks the operator for it once and sends it with every later request.
/// Only endpoints that require <see cref="DashboardEndpoints.Policy"/> ask for it.
/// </summary>
internal sealed class DashboardBasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggers,
    UrlEncoder encoder,
    DashboardCredential credential) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggers, encoder)
{
    private const string Prefix = "Basic ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        if (!TryDecode(header[Prefix.Length..].Trim(), out var username, out var password) || !credential.Matches(username, password))
        {
            return Task.FromResult(AuthenticateResult.Fail("Wrong dashboard credential."));
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, username)], Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = new AuthenticationHeaderValue("Basic", "realm=\"Orleans Dashboard\", charset=\"UTF-8\"").ToString();
        return Task.CompletedTask;
    }

    private static bool TryDecode(string encoded, out string username, out string password)
    {
        username = password = "";
        Span<byte> bytes = stackalloc byte[Math.Min(encoded.Length, 1024)];
        if (encoded.Length > bytes.Length || !Convert.TryFromBase64String(encoded, bytes, out var written))
        {
            return false;
        }
        var pair = Encoding.UTF8.GetString(bytes[..written]);
        var colon = pair.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }
        username = pair[..colon];
        password = pair[(colon + 1)..];
        return true;
    }
}
