using System.Net.WebSockets;

namespace ViST.Simulator.Dashboard;

/// <summary>
/// The browsers watching one run. Each gets the run's description (hello), then the scene, the recent events and the
/// status, and from then on everything the feed produces, fanned out on the hub's own task: every frame (encoded
/// once for all browsers; with the stimulus preview at most every <see cref="DashboardFeed.PreviewEvery"/>), the scene whenever it
/// changes, each event, and the status line every <see cref="StatusEvery"/> and at once after an event. All of it
/// goes into the browsers' bounded outboxes, so neither the model thread nor this task ever waits for a browser.
/// </summary>
public sealed class DashboardHub : IAsyncDisposable
{
    public const int MaxBrowsers = 16, RecentEventsForNewcomers = 50;
    public static readonly TimeSpan StatusEvery = TimeSpan.FromMilliseconds(250);
    static readonly TimeSpan LeaveTimeout = TimeSpan.FromSeconds(3);
    readonly DashboardFeed _feed;
    readonly DashboardRequests _requests;
    readonly DashboardRun _run;
    readonly ExampleScenes _examples;
    readonly object _gate = new();
    readonly Dictionary<int, DashboardClient> _clients = [];
    readonly CancellationTokenSource _stop = new();
    readonly Task _broadcasting;
    int _nextId, _disposed;
    long _lastFrameSent = -1;

    public DashboardHub(DashboardFeed feed, DashboardRequests requests, DashboardRun run, ExampleScenes examples)
    {
        _feed = feed;
        _requests = requests;
        _run = run;
        _examples = examples;
        _broadcasting = Task.Run(BroadcastLoop);
    }

    public int Browsers { get { lock (_gate) return _clients.Count; } }

    /// <summary>The browsers connected now.</summary>
    public IReadOnlyList<DashboardClient> Clients { get { lock (_gate) return _clients.Values.ToList(); } }

    /// <summary>The newest frame handed to the browsers' outboxes (-1: none yet).</summary>
    public long LastFrameSent => Interlocked.Read(ref _lastFrameSent);

    /// <summary>Serves one browser's WebSocket until it leaves (a refusal if <see cref="MaxBrowsers"/> already watch).</summary>
    public async Task ServeAsync(WebSocket socket)
    {
        var client = new DashboardClient(Interlocked.Increment(ref _nextId), socket, _requests);
        client.Outbox.Post(DashboardMessages.Hello(_feed.Info, _run, _examples.Names));
        lock (_gate)
        {
            if (_stop.IsCancellationRequested) client.Close(WebSocketCloseStatus.EndpointUnavailable, "the run has ended");
            else if (_clients.Count >= MaxBrowsers) client.Close(WebSocketCloseStatus.PolicyViolation, $"too many browsers: {MaxBrowsers} watch this run already");
            else
            {
                client.EventSeqSent = Math.Max(0, _feed.LastEventSeq - RecentEventsForNewcomers);
                _clients[client.Id] = client;
                _feed.Watched = true;
            }
        }
        _feed.Nudge();   // the newcomer's scene and status go out now, even while the run is paused
        try { await client.RunAsync(); }
        finally
        {
            lock (_gate)
            {
                _clients.Remove(client.Id);
                _feed.Watched = _clients.Count > 0;
            }
        }
    }

    async Task BroadcastLoop()
    {
        var ct = _stop.Token;
        double lastStatus = double.NegativeInfinity;
        long sceneVersion = -1, statusEventSeq = -1;
        bool endedSent = false;
        byte[] scene = [];
        while (!ct.IsCancellationRequested)
        {
            try { await _feed.WaitAsync(StatusEvery, ct); }
            catch (OperationCanceledException) { return; }
            DashboardClient[] clients;
            lock (_gate) clients = _clients.Values.ToArray();
            double now = _feed.Now;

            while (_feed.TryTakeFrame(out var frame, out double scale, out var preview))
            {
                var message = FrameMessage.Encode(frame, scale, preview);
                foreach (var c in clients) c.Outbox.OfferFrame(message);
                Interlocked.Exchange(ref _lastFrameSent, frame.Index);
            }

            var (sceneNow, version) = _feed.Scene;
            if (version != sceneVersion) (scene, sceneVersion) = (DashboardMessages.Scene(sceneNow, version), version);
            long lastEvent = _feed.LastEventSeq;
            var encodedEvents = new Dictionary<long, byte[]>();
            foreach (var c in clients)
            {
                if (c.SceneVersionSent != sceneVersion)
                {
                    c.Outbox.SetLatest("scene", scene);
                    c.SceneVersionSent = sceneVersion;
                }
                if (c.EventSeqSent >= lastEvent) continue;
                foreach (var e in _feed.EventsAfter(c.EventSeqSent))
                {
                    if (!encodedEvents.TryGetValue(e.Seq, out var bytes)) encodedEvents[e.Seq] = bytes = DashboardMessages.Event(e);
                    if (!c.Outbox.Post(bytes))
                    {
                        c.GiveUp($"too far behind ({ClientOutbox.MessageCapacity} messages unread)");
                        break;
                    }
                    c.EventSeqSent = e.Seq;
                }
            }

            // on time, and at once when something the status shows changed (pause, solo, the end) or a browser just came
            bool ended = _feed.HasEnded;
            if (now - lastStatus >= StatusEvery.TotalSeconds || lastEvent != statusEventSeq || ended != endedSent || clients.Any(c => !c.StatusSent))
            {
                SendStatus(clients);
                (lastStatus, statusEventSeq, endedSent) = (now, lastEvent, ended);
            }
        }
    }

    void SendStatus(DashboardClient[] clients)
    {
        var state = _feed.State;
        long? bytes = _run.RecordPath is { } path && File.Exists(path) ? new FileInfo(path).Length : null;
        foreach (var c in clients)
        {
            c.Outbox.SetLatest("status", DashboardMessages.Status(state, clients.Length, c.Outbox.DroppedFrames, bytes));
            c.StatusSent = true;
        }
    }

    /// <summary>Closes every browser's connection ("the run has ended") and stops fanning out.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        DashboardClient[] clients;
        lock (_gate)
        {
            _stop.Cancel();
            clients = _clients.Values.ToArray();
        }
        foreach (var c in clients) c.Close(WebSocketCloseStatus.EndpointUnavailable, "the run has ended");
        var until = DateTime.UtcNow + LeaveTimeout;
        while (Browsers > 0 && DateTime.UtcNow < until) await Task.Delay(20);
        lock (_gate) clients = _clients.Values.ToArray();
        foreach (var c in clients) c.GiveUp("the run has ended");   // those that did not answer the close
        await _broadcasting;
        _stop.Dispose();
    }
}
