using System.Net;

namespace ViST.Simulator.Dashboard;

/// <summary>
/// Which HTTP requests the dashboard answers. The run has no authentication, so on loopback it answers only to
/// loopback host names (a web page elsewhere cannot reach it by pointing its own domain name at 127.0.0.1), and it
/// takes WebSocket connections only from its own pages: browsers send the page's origin with a WebSocket, and a page
/// of another site open in the same browser must not steer the run (WebSockets are not bound by the same-origin
/// policy). A client that sends no origin is not a browser page (scripts, tests) and is let in. Served on every
/// interface (an explicit choice), any host name is answered, still only from the dashboard's own pages.
/// </summary>
public static class BrowserGuard
{
    /// <summary>Why a request for <paramref name="host"/> (the Host header's name, without the port) is refused; null if it is not.</summary>
    public static string? RefuseHost(string host, bool anyAddress)
    {
        if (anyAddress) return null;
        string name = host.Trim('[', ']');
        bool loopback = name.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || IPAddress.TryParse(name, out var ip) && IPAddress.IsLoopback(ip);
        return loopback ? null
            : $"this dashboard answers only on this machine (as localhost or 127.0.0.1), not as \"{host}\"; from another machine, use an SSH tunnel (vist printed the command)";
    }

    /// <summary>Why a WebSocket from a page of <paramref name="origin"/> to <paramref name="hostAndPort"/> is refused; null if it is not.</summary>
    public static string? RefuseOrigin(string? origin, string hostAndPort)
    {
        if (string.IsNullOrEmpty(origin)) return null;
        return Uri.TryCreate(origin, UriKind.Absolute, out var o) && o.Scheme is "http" or "https"
            && string.Equals(o.Authority, hostAndPort, StringComparison.OrdinalIgnoreCase)
            ? null
            : $"a page from {origin} may not connect to the dashboard at {hostAndPort} (only the dashboard's own page may)";
    }
}
