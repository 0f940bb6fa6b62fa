using System.Net;
using System.Net.Sockets;

namespace VivgridEmulator;

/// <summary>
/// A loopback port nothing listens on right now: for tests that need a connection refused, or a port for their own
/// HttpListener. The port is released before returning, so another process could take it; tests accept that race.
/// </summary>
public static class LoopbackPort
{
    public static int Unused()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
