using System.Buffers.Binary;
using System.Net.Sockets;
using ViST.Simulator.Control;

namespace ViST.Simulator.Tests.Fakes;

/// <summary>A minimal blocking client of the control port for tests (what tools/vist_client.py does in Python).</summary>
public sealed class TestClient : IDisposable
{
    readonly TcpClient _tcp;
    readonly NetworkStream _net;

    public TestClient(int port)
    {
        _tcp = new TcpClient("127.0.0.1", port) { NoDelay = true, ReceiveTimeout = 10_000 };
        _net = _tcp.GetStream();
    }

    public Socket Socket => _tcp.Client;

    public void Send(Dictionary<string, object?> message) => SendRaw(ControlFraming.Frame(MsgValue.Encode(message)));
    public void SendRaw(byte[] bytes) => _net.Write(bytes);

    /// <summary>The next message, or null when the server closed the connection.</summary>
    public Dictionary<string, object?>? Receive()
    {
        var prefix = new byte[4];
        if (!ReadFull(prefix)) return null;
        var body = new byte[BinaryPrimitives.ReadUInt32BigEndian(prefix)];
        if (!ReadFull(body)) throw new IOException("the server closed inside a message");
        return MsgValue.ReadMap(body);
    }

    /// <summary>The next reply to a request (skipping streamed rates).</summary>
    public Dictionary<string, object?> Reply()
    {
        while (true)
        {
            var m = Receive() ?? throw new IOException("the server closed the connection");
            if (m.GetValueOrDefault("type") as string != "rates") return m;
        }
    }

    public Dictionary<string, object?> Request(Dictionary<string, object?> message) { Send(message); return Reply(); }

    bool ReadFull(byte[] buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n;
            try { n = _net.Read(buffer, total, buffer.Length - total); }
            catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset }) { n = 0; }
            if (n == 0) return total == 0 ? false : throw new IOException("the server closed inside a message");
            total += n;
        }
        return true;
    }

    public void Dispose() => _tcp.Dispose();
}
