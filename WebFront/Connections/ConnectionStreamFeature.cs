using Microsoft.AspNetCore.Http.Features;

namespace OrleansChat.WebFront.Connections;

/// <summary>
/// Wraps the request's upgrade features so that the stream the WebSocket is built on is a
/// <see cref="ConnectionStream"/>, and keeps it for the connection. Installed before the WebSocket middleware.
/// </summary>
internal sealed class ConnectionStreamFeature
{
    public ConnectionStream? Stream { get; private set; }

    public static void Install(HttpContext context)
    {
        var holder = new ConnectionStreamFeature();
        context.Features.Set(holder);
        if (context.Features.Get<IHttpUpgradeFeature>() is { } upgrade)
        {
            context.Features.Set<IHttpUpgradeFeature>(new UpgradeFeature(upgrade, holder));
        }
        if (context.Features.Get<IHttpExtendedConnectFeature>() is { } connect)
        {
            context.Features.Set<IHttpExtendedConnectFeature>(new ExtendedConnectFeature(connect, holder));
        }
    }

    private ConnectionStream Wrap(Stream stream) => Stream = new ConnectionStream(stream);

    /// <summary>HTTP/1.1: <c>Connection: Upgrade</c>.</summary>
    private sealed class UpgradeFeature(IHttpUpgradeFeature inner, ConnectionStreamFeature holder) : IHttpUpgradeFeature
    {
        public bool IsUpgradableRequest => inner.IsUpgradableRequest;

        public async Task<Stream> UpgradeAsync() => holder.Wrap(await inner.UpgradeAsync());
    }

    /// <summary>HTTP/2: extended CONNECT.</summary>
    private sealed class ExtendedConnectFeature(IHttpExtendedConnectFeature inner, ConnectionStreamFeature holder) : IHttpExtendedConnectFeature
    {
        public bool IsExtendedConnect => inner.IsExtendedConnect;

        public string? Protocol => inner.Protocol;

        public async ValueTask<Stream> AcceptAsync() => holder.Wrap(await inner.AcceptAsync());
    }
}
