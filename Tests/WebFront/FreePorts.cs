using System.Net;
using System.Net.Sockets;

namespace OrleansChat.Tests.WebFront;

/// <summary>
/// Silo and gateway ports for in-process WebFronts: never the same one twice in this process, free when handed out,
/// and below the kernel's ephemeral range (32768 and up) and the product's defaults (11111+, 30000+), so that no
/// port the system assigns (Kestrel's port 0, outgoing connections) takes one before the silo binds it.
/// </summary>
internal static class FreePorts
{
    private const int First = 20_000;
    private const int Last = 29_999;

    private static readonly Lock Gate = new();
    private static readonly HashSet<int> Given = [];
    // A random start, so that test runs in other processes at the same time rarely try the same ports.
    private static int _next = Random.Shared.Next(First, Last + 1);

    public static int Next()
    {
        lock (Gate)
        {
            for (var tried = 0; tried <= Last - First; tried++)
            {
                var port = _next;
                _next = _next == Last ? First : _next + 1;
                if (!Given.Contains(port) && IsFree(port))
                {
                    Given.Add(port);
                    return port;
                }
            }
        }
        throw new InvalidOperationException($"No free port between {First} and {Last}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
