using System.Net;
using System.Net.Sockets;

namespace OrleansChat.Bench.Servers;

/// <summary>A loopback port that was free a moment ago: bound to port 0, read back, released.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }
}
