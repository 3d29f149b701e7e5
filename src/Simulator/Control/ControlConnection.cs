using System.Net.Sockets;
using System.Threading.Channels;

namespace ViST.Simulator.Control;

/// <summary>
/// One client of the control port. Requests are answered in order; each reply echoes the request's "id" (if any)
/// and has "ok": true with results, or "ok": false with an "error" reason. A message that breaks the protocol
/// (bad framing, too long, not a MessagePack map, no string "type") gets an error with "fatal": true and the
/// connection is closed; nothing else is affected. A subscription's stream shares the socket with the replies.
/// </summary>
sealed class ControlConnection(TcpClient client, RequestHandler handler, RateStream stream)
{
    readonly NetworkStream _net = client.GetStream();
    readonly SemaphoreSlim _writeLock = new(1, 1);
    int? _subscription;
    Task? _pump;

    public async Task RunAsync(CancellationToken ct)
    {
        using var _ = client;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                byte[]? message;
                Dictionary<string, object?> request;
                string type;
                try
                {
                    message = await ControlFraming.ReadAsync(_net, stop.Token);
                    if (message == null) break;
                    request = MsgValue.ReadMap(message);
                    type = request.GetValueOrDefault("type") as string ?? throw new MalformedMessageException("no string 'type' field");
                }
                catch (MalformedMessageException e)
                {
                    await SendAsync(new() { ["ok"] = false, ["error"] = "malformed message: " + e.Message, ["fatal"] = true }, stop.Token);
                    break;
                }
                await SendAsync(await Answer(type, request, stop.Token), stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException) { }
        finally
        {
            if (_subscription is { } id) stream.Unsubscribe(id);
            stop.Cancel();
            if (_pump != null) await _pump.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    async Task<Dictionary<string, object?>> Answer(string type, Dictionary<string, object?> request, CancellationToken ct)
    {
        Dictionary<string, object?> reply;
        try
        {
            reply = type switch
            {
                "subscribe" => Subscribe(request, ct),
                "unsubscribe" => Unsubscribe(),
                _ => await handler.Handle(type, request),
            };
            reply["ok"] = true;
        }
        catch (RequestException e) { reply = new() { ["ok"] = false, ["error"] = $"{type}: {e.Message}" }; }
        reply["type"] = type;
        if (request.TryGetValue("id", out var id)) reply["id"] = id;
        return reply;
    }

    Dictionary<string, object?> Subscribe(Dictionary<string, object?> request, CancellationToken ct)
    {
        if (_subscription != null) throw new RequestException("already subscribed");
        long every = request.GetValueOrDefault("every") switch
        {
            null => 1,
            long n when n is >= 1 and <= 3600 => n,
            _ => throw new RequestException("'every' must be an integer from 1 to 3600 (frames)"),
        };
        var (id, messages) = stream.Subscribe((int)every);
        _subscription = id;
        _pump = Task.Run(() => PumpAsync(messages, ct), ct);
        return new() { ["every"] = every };
    }

    Dictionary<string, object?> Unsubscribe()
    {
        if (_subscription is not { } id) throw new RequestException("not subscribed");
        stream.Unsubscribe(id);
        _subscription = null;
        return [];
    }

    async Task PumpAsync(ChannelReader<byte[]> messages, CancellationToken ct)
    {
        try
        {
            await foreach (var m in messages.ReadAllAsync(ct)) await WriteAsync(m, ct);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException) { }
    }

    Task SendAsync(Dictionary<string, object?> reply, CancellationToken ct) => WriteAsync(ControlFraming.Frame(MsgValue.Encode(reply)), ct);

    async Task WriteAsync(byte[] framed, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct);
        try { await _net.WriteAsync(framed, ct); }
        finally { _writeLock.Release(); }
    }
}
