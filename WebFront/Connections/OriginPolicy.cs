using Microsoft.Extensions.Options;
using OrleansChat.WebFront.Hosting;

namespace OrleansChat.WebFront.Connections;

/// <summary>
/// Which <c>Origin</c>s may open a socket: none given (a non-browser client), the server's own (same scheme,
/// host and port as the request), the configured ones (<c>*</c> for all), and in Development any localhost one.
/// </summary>
internal sealed class OriginPolicy
{
    private static readonly string[] LocalHosts = ["localhost", "127.0.0.1", "[::1]"];

    private readonly bool _allowAll;
    private readonly List<Uri> _allowed = [];
    private readonly bool _development;

    public OriginPolicy(IOptions<WebFrontOptions> options, IHostEnvironment environment)
    {
        _development = environment.IsDevelopment();
        foreach (var origin in options.Value.AllowedOrigins)
        {
            if (origin == "*")
            {
                _allowAll = true;
            }
            else if (Uri.TryCreate(origin, UriKind.Absolute, out var uri))
            {
                _allowed.Add(uri);
            }
        }
    }

    public bool IsAllowed(HttpRequest request)
    {
        var header = request.Headers.Origin;
        if (header.Count == 0)
        {
            return true;
        }
        if (_allowAll)
        {
            return true;
        }
        // Browsers send one origin; several, or an opaque "null", name no origin this server could trust.
        if (header.Count != 1 || !Uri.TryCreate(header[0], UriKind.Absolute, out var origin) || origin.Scheme is not ("http" or "https"))
        {
            return false;
        }
        if (string.Equals(origin.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(origin.Host, request.Host.Host, StringComparison.OrdinalIgnoreCase)
            && origin.Port == (request.Host.Port ?? DefaultPort(request.Scheme)))
        {
            return true;
        }
        if (_development && LocalHosts.Contains(origin.Host, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }
        foreach (var allowed in _allowed)
        {
            if (string.Equals(origin.Scheme, allowed.Scheme, StringComparison.OrdinalIgnoreCase)
                && string.Equals(origin.Host, allowed.Host, StringComparison.OrdinalIgnoreCase)
                && origin.Port == allowed.Port)
            {
                return true;
            }
        }
        return false;
    }

    private static int DefaultPort(string scheme) => string.Equals(scheme, "https", StringComparison.OrdinalIgnoreCase) ? 443 : 80;
}
