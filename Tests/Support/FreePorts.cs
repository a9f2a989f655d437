using System.Net;
using System.Net.Sockets;

namespace OrleansChat.Tests.Support;

/// <summary>
/// TCP ports for child processes: free when handed out, and never handed out twice by this test run. They come from
/// below Linux's ephemeral range (32768 and up), so an outgoing connection cannot take one between the check and the
/// child's bind, and from a random place in it, so that two test runs on one machine rarely meet. This matters for
/// Orleans: two silos given the same ports both start without an error.
/// </summary>
internal static class FreePorts
{
    private const int First = 20000;
    private const int Last = 32000;

    // Orleans.TestingHost's port allocator starts at 22300 (silos) and 40000 (gateways); stay clear of the first.
    private const int TestingHostFirst = 22300;
    private const int TestingHostLast = 22500;

    private static readonly Lock Gate = new();
    private static int _next = First + Random.Shared.Next(Last - First);

    /// <summary>One free port.</summary>
    public static int Next()
    {
        lock (Gate)
        {
            for (var tried = 0; tried < Last - First; tried++)
            {
                var port = _next;
                _next = _next >= Last ? First : _next + 1;
                if (port is >= TestingHostFirst and <= TestingHostLast)
                {
                    continue;
                }
                if (IsFree(port))
                {
                    return port;
                }
            }
        }
        throw new InvalidOperationException($"No free TCP port between {First} and {Last}.");
    }

    /// <summary><paramref name="count"/> free ports.</summary>
    public static int[] Next(int count)
    {
        var ports = new int[count];
        for (var i = 0; i < count; i++)
        {
            ports[i] = Next();
        }
        return ports;
    }

    /// <summary>Free on every address (silos listen on any address) and on loopback.</summary>
    private static bool IsFree(int port)
    {
        foreach (var address in new[] { IPAddress.Any, IPAddress.Loopback })
        {
            try
            {
                using var listener = new TcpListener(address, port);
                listener.Start();
                listener.Stop();
            }
            catch (SocketException)
            {
                return false;
            }
        }
        return true;
    }
}
