using System.Net.WebSockets;
using System.Threading.Channels;

namespace ViST.Simulator.Tests.Fakes;

/// <summary>
/// A browser's WebSocket as the server sees it, without a network: what the server sends is kept (or never
/// completes, like a browser that stopped reading and whose TCP buffers are full, or fails, like one that
/// vanished); what the "browser" sends is queued by the test.
/// </summary>
public sealed class FakeWebSocket(FakeWebSocket.Sending sending = FakeWebSocket.Sending.Collect) : WebSocket
{
    public enum Sending { Collect, NeverCompletes, Fails }

    readonly Channel<(byte[] Bytes, WebSocketMessageType Type)> _incoming = Channel.CreateUnbounded<(byte[], WebSocketMessageType)>();
    readonly TaskCompletionSource _aborted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly List<(byte[] Bytes, WebSocketMessageType Type)> _sent = [];
    WebSocketState _state = WebSocketState.Open;

    /// <summary>Everything the server sent, in order.</summary>
    public List<(byte[] Bytes, WebSocketMessageType Type)> Sent { get { lock (_sent) return _sent.ToList(); } }
    public int SendCalls { get; private set; }
    public WebSocketCloseStatus? ClosedWith { get; private set; }
    public bool Aborted => _aborted.Task.IsCompleted;

    public void BrowserSends(string json) => _incoming.Writer.TryWrite((System.Text.Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text));
    public void BrowserSendsBinary(byte[] bytes) => _incoming.Writer.TryWrite((bytes, WebSocketMessageType.Binary));
    public void BrowserCloses() => _incoming.Writer.TryWrite(([], WebSocketMessageType.Close));

    public override async Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken ct)
    {
        SendCalls++;
        switch (sending)
        {
            case Sending.NeverCompletes:
                await _aborted.Task.WaitAsync(ct);
                throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, "aborted");
            case Sending.Fails:
                throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, "the browser vanished");
        }
        if (_aborted.Task.IsCompleted) throw new WebSocketException(WebSocketError.InvalidState, "aborted");
        lock (_sent) _sent.Add((buffer.ToArray(), messageType));
    }

    public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken ct)
    {
        if (_rest.Length == 0)
        {
            var read = _incoming.Reader.ReadAsync(ct).AsTask();
            if (await Task.WhenAny(read, _aborted.Task) != read) throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, "aborted");
            (_rest, _restType) = await read;
            if (_restType == WebSocketMessageType.Close)
            {
                _state = WebSocketState.CloseReceived;
                return new WebSocketReceiveResult(0, WebSocketMessageType.Close, true, WebSocketCloseStatus.NormalClosure, "");
            }
        }
        // a message longer than the reader's buffer arrives in pieces, as it does from a real socket
        int n = Math.Min(buffer.Count, _rest.Length);
        _rest.AsSpan(0, n).CopyTo(buffer.AsSpan());
        _rest = _rest[n..];
        return new WebSocketReceiveResult(n, _restType, _rest.Length == 0);
    }

    byte[] _rest = [];
    WebSocketMessageType _restType;

    public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken ct)
    {
        ClosedWith = closeStatus;
        CloseStatusDescriptionSent = statusDescription;
        _state = _state == WebSocketState.CloseReceived ? WebSocketState.Closed : WebSocketState.CloseSent;
        return Task.CompletedTask;
    }

    public string? CloseStatusDescriptionSent { get; private set; }

    public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken ct) =>
        CloseOutputAsync(closeStatus, statusDescription, ct);

    public override void Abort()
    {
        _state = WebSocketState.Aborted;
        _aborted.TrySetResult();
    }

    public override void Dispose() => Abort();
    public override WebSocketCloseStatus? CloseStatus => ClosedWith;
    public override string? CloseStatusDescription => CloseStatusDescriptionSent;
    public override WebSocketState State => _state;
    public override string? SubProtocol => null;

    /// <summary>The JSON messages the server sent, parsed.</summary>
    public List<System.Text.Json.JsonElement> TextMessages => Sent.Where(m => m.Type == WebSocketMessageType.Text)
        .Select(m => System.Text.Json.JsonDocument.Parse(m.Bytes).RootElement.Clone()).ToList();

    /// <summary>The indices of the frames the server sent.</summary>
    public List<long> FrameIndices => Sent.Where(m => m.Type == WebSocketMessageType.Binary)
        .Select(m => (long)BitConverter.ToDouble(m.Bytes, 8)).ToList();
}
