using System.Net.WebSockets;
using ViST.Simulator.Control;

namespace ViST.Simulator.Dashboard;

/// <summary>
/// One browser's connection. Its sender is the only writer of the WebSocket and sends what the
/// <see cref="Outbox"/> holds; its reader answers requests one at a time, in order, like the control port. A message
/// that breaks the protocol (binary, over <see cref="ControlFraming.MaxMessageBytes"/>, not a JSON object with a
/// string "type") gets a fatal error and closes this connection only. A browser that stops reading loses frames,
/// and, if it falls a whole outbox behind, its connection; the run never waits for it.
/// </summary>
public sealed class DashboardClient(int id, WebSocket socket, DashboardRequests requests)
{
    static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);
    readonly TaskCompletionSource _closing = new(TaskCreationOptions.RunContinuationsAsynchronously);
    WebSocketCloseStatus _closeStatus = WebSocketCloseStatus.NormalClosure;
    string _closeReason = "";

    public int Id { get; } = id;
    public ClientOutbox Outbox { get; } = new();

    // What the hub has sent this browser so far (the hub's thread alone reads and writes them).
    internal long SceneVersionSent = -1;
    internal long EventSeqSent;
    internal bool StatusSent;

    /// <summary>Serves the browser until it leaves, breaks the protocol or is closed; never throws for a lost connection.</summary>
    public async Task RunAsync()
    {
        var sending = SendLoop();
        try { await ReceiveLoop(); }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException) { }
        Close(_closeStatus, _closeReason);
        // a browser that reads nothing never takes the close frame either: then it is cut off
        if (await Task.WhenAny(sending, Task.Delay(CloseTimeout)) != sending) socket.Abort();
        await sending;
    }

    /// <summary>Ends the connection politely: what is queued as messages still goes out, then a close frame with
    /// the reason (shown by the browser); frames and status updates are dropped.</summary>
    public void Close(WebSocketCloseStatus status, string reason)
    {
        if (_closing.Task.IsCompleted) return;
        (_closeStatus, _closeReason) = (status, reason);
        Outbox.CompleteAfterMessages();
        _closing.TrySetResult();
    }

    /// <summary>Cuts off a browser that cannot keep up (its socket is aborted, whatever it was doing).</summary>
    public void GiveUp(string reason)
    {
        Close(WebSocketCloseStatus.PolicyViolation, reason);
        Outbox.Complete();
        socket.Abort();
    }

    async Task SendLoop()
    {
        try
        {
            while (await Outbox.TakeAsync(CancellationToken.None) is { } m)
                await socket.SendAsync(m.Bytes, m.IsText ? WebSocketMessageType.Text : WebSocketMessageType.Binary, true, CancellationToken.None);
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(CloseTimeout);
                await socket.CloseOutputAsync(_closeStatus, Truncate(_closeReason), timeout.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // the browser is gone: nothing more will be sent, and the reader stops waiting for it too
            Outbox.Complete();
            socket.Abort();
        }
    }

    async Task ReceiveLoop()
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (!_closing.Task.IsCompleted)
        {
            // a receive is never cancelled (that would abort the socket): closing ends it when the browser answers
            var received = socket.ReceiveAsync(buffer, CancellationToken.None);
            if (await Task.WhenAny(received, _closing.Task) != received)
            {
                _ = received.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);   // ends with the socket
                return;
            }
            var r = await received;
            if (r.MessageType == WebSocketMessageType.Close) return;
            if (r.MessageType == WebSocketMessageType.Binary)
            {
                Fatal("a binary message (requests are JSON text)");
                return;
            }
            message.Write(buffer, 0, r.Count);
            if (message.Length > ControlFraming.MaxMessageBytes)
            {
                Fatal($"a message over {ControlFraming.MaxMessageBytes} bytes");
                return;
            }
            if (!r.EndOfMessage) continue;
            bool fine = await Answer(message.ToArray());
            message.SetLength(0);
            if (!fine) return;
        }
    }

    /// <summary>Answers one request; false when it broke the protocol (the connection is then closing).</summary>
    async Task<bool> Answer(byte[] text)
    {
        Dictionary<string, object?> request;
        string type;
        try
        {
            request = JsonMessage.ReadObject(text);
            type = request.GetValueOrDefault("type") as string ?? throw new MalformedMessageException("no string 'type' field");
        }
        catch (MalformedMessageException e)
        {
            Fatal(e.Message);
            return false;
        }
        var id = request.GetValueOrDefault("id");
        byte[] reply;
        try { reply = DashboardMessages.Reply(type, id, await requests.Handle(type, request)); }
        catch (RequestException e) { reply = DashboardMessages.Refusal(type, id, $"{type}: {e.Message}"); }
        if (!Outbox.Post(reply)) GiveUp($"too far behind ({ClientOutbox.MessageCapacity} messages unread)");
        return true;
    }

    void Fatal(string problem)
    {
        Outbox.Post(DashboardMessages.Fatal("malformed message: " + problem));
        Close(WebSocketCloseStatus.PolicyViolation, "malformed message: " + problem);
    }

    /// <summary>A close frame's reason is at most 123 bytes of UTF-8.</summary>
    static string Truncate(string reason) => System.Text.Encoding.UTF8.GetByteCount(reason) <= 123 ? reason : reason[..60] + "...";
}
