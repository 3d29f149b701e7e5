using System.Net;
using System.Net.Sockets;
using ViST.Simulator.Loop;

namespace ViST.Simulator.Control;

/// <summary>
/// The control port: TCP, bound to 127.0.0.1 unless <c>anyAddress</c> is set (the simulator has no authentication,
/// so exposing it to a network is an explicit choice). Framing: <see cref="ControlFraming"/>; requests:
/// <see cref="RequestHandler"/> and <see cref="ControlConnection"/>. At most <see cref="MaxConnections"/> clients at once.
/// </summary>
public sealed class ControlServer : IDisposable
{
    public const int MaxConnections = 32;
    readonly TcpListener _listener;
    readonly RequestHandler _handler;
    readonly RateStream _stream = new();
    readonly CancellationTokenSource _stop = new();
    readonly Task _accepting;
    int _open;

    /// <summary>Starts listening and adds the rate stream to the loop's sinks (call before the loop runs).</summary>
    public ControlServer(SimulationLoop loop, int port, bool anyAddress = false)
    {
        if (port is < 0 or > 65535) throw new ArgumentException($"control port {port} is not a TCP port (0-65535)");
        _handler = new RequestHandler(loop, _stream);
        loop.AddSink(_stream);
        _listener = new TcpListener(anyAddress ? IPAddress.Any : IPAddress.Loopback, port);
        try { _listener.Start(); }
        catch (SocketException e) { throw new ArgumentException($"cannot listen on port {port}: {e.Message}", e); }
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = Task.Run(AcceptLoop);
    }

    /// <summary>The port actually bound (useful when 0 asked for any free one).</summary>
    public int Port { get; }

    async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
            client.NoDelay = true;
            if (Interlocked.Increment(ref _open) > MaxConnections)
            {
                Interlocked.Decrement(ref _open);
                await Refuse(client);
                continue;
            }
            _ = Task.Run(async () =>
            {
                try { await new ControlConnection(client, _handler, _stream).RunAsync(_stop.Token); }
                finally { Interlocked.Decrement(ref _open); }
            });
        }
    }

    static async Task Refuse(TcpClient client)
    {
        using var _ = client;
        var reply = ControlFraming.Frame(MsgValue.Encode(new Dictionary<string, object?>
            { ["ok"] = false, ["error"] = $"too many connections (at most {MaxConnections})", ["fatal"] = true }));
        try { await client.GetStream().WriteAsync(reply); } catch (Exception e) when (e is IOException or SocketException) { }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _accepting.Wait(TimeSpan.FromSeconds(2));
    }
}
