using System.Net;
using System.Net.Sockets;

namespace OrleansChat.Bench.Servers;

/// <summary>Loopback ports that were free a moment ago: bound to port 0, read back, released.</summary>
public static class FreePort
{
    public static int Next() => Take(1)[0];

    /// <summary>
    /// <paramref name="count"/> distinct free ports: all of them stay bound until the last is read, so the kernel
    /// cannot hand the same port out twice (a silo whose silo and gateway ports are equal would not start).
    /// </summary>
    public static IReadOnlyList<int> Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var sockets = new List<Socket>(count);
        try
        {
            var ports = new int[count];
            for (var i = 0; i < count; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                sockets.Add(socket);
                socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                ports[i] = ((IPEndPoint)socket.LocalEndPoint!).Port;
            }
            return ports;
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }
}
