using System.Diagnostics;
using System.Threading.Channels;
using ViST.Renderer;
using ViST.Renderer.Scenes;
using ViST.Simulator.Display;
using ViST.Simulator.Loop;
using ViST.Simulator.Runtime;

namespace ViST.Simulator.Dashboard;

/// <summary>The run as the dashboard shows it at one moment (everything but the frames themselves).</summary>
public sealed record FeedState(LiveFigureSnapshot Figures, bool Paused, RunSummary? Ended, int[] Soloed);

/// <summary>An event the loop applied, numbered in the order the sinks got it.</summary>
public sealed record NumberedEvent(long Seq, SimEvent Event);

/// <summary>
/// The dashboard's sink. On the model thread it only does O(1) work: it updates the live figures, follows the scene
/// through the applied events, keeps the last <see cref="EventMemory"/> events, and, while a browser watches, hands
/// the frame to the hub through a bounded queue that drops the oldest (the hub encodes and sends on its own
/// thread). It never waits for the hub or a browser.
/// </summary>
public sealed class DashboardFeed : IFrameSink
{
    public const int EventMemory = 256, FrameQueue = 64;
    readonly object _gate = new();
    readonly long _started = Stopwatch.GetTimestamp();
    readonly LiveFigures _figures = new(fpsWindow: 30, latencyWindow: 300);
    readonly SceneInForce _scene = new();
    readonly Queue<NumberedEvent> _events = new();
    readonly Channel<(FrameResult Frame, double Scale, byte[]? Preview)> _frames;
    readonly Channel<bool> _doorbell = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
        { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    TaskCompletionSource _sceneChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    long _eventSeq;
    bool _paused;
    RunSummary? _ended;
    int[] _soloed = [];
    volatile bool _watched;
    long _droppedBeforeHub;

    /// <summary>How often the stimulus preview is made while a browser watches (the model thread pays ~0.1 ms each).</summary>
    public static readonly TimeSpan PreviewEvery = TimeSpan.FromMilliseconds(25);
    double _lastPreview = double.NegativeInfinity;

    public DashboardFeed(RunInfo info)
    {
        Info = info;
        _scene.Start(info.StimulusJson);
        _frames = Channel.CreateBounded<(FrameResult, double, byte[]?)>(
            new BoundedChannelOptions(FrameQueue) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true },
            _ => Interlocked.Increment(ref _droppedBeforeHub));
    }

    /// <summary>Frames the hub had no time to take before newer ones pushed them out (a starved hub, not a browser).</summary>
    public long DroppedBeforeHub => Interlocked.Read(ref _droppedBeforeHub);

    public RunInfo Info { get; }

    /// <summary>Set by the hub while at least one browser is connected; frames are handed over only then.</summary>
    public bool Watched { get => _watched; set => _watched = value; }

    /// <summary>Seconds since the feed was made (the clock of the figures' frame rate).</summary>
    public double Now => Stopwatch.GetElapsedTime(_started).TotalSeconds;

    public void OnEvent(SimEvent e)
    {
        lock (_gate)
        {
            if (_scene.Apply(e))
            {
                _sceneChanged.TrySetResult();
                _sceneChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            if (e.Kind == SimEventKind.Pause) _paused = true;
            else if (e.Kind == SimEventKind.Resume) _paused = false;
            else if (LiveKeys.SoloCells(e) is { } solo && solo.All(c => c >= 0 && c < Info.Cells.Count)) _soloed = solo;
            _events.Enqueue(new NumberedEvent(++_eventSeq, e));
            if (_events.Count > EventMemory) _events.Dequeue();
        }
        _doorbell.Writer.TryWrite(true);
    }

    public void OnFrame(FrameResult frame)
    {
        double scale, now = Now;
        lock (_gate)
        {
            _figures.Add(frame, now);
            scale = _figures.ScaleMax;
        }
        if (_watched)
        {
            // the loop lends the pixels for this call only: the preview is made now, at most every PreviewEvery
            byte[]? preview = null;
            if (frame.Pixels.Length == FrameSpec.Pixels && now - _lastPreview >= PreviewEvery.TotalSeconds)
            {
                preview = FrameMessage.Preview(frame.Pixels.Span);
                _lastPreview = now;
            }
            _frames.Writer.TryWrite((frame with { Pixels = default }, scale, preview));
        }
        _doorbell.Writer.TryWrite(true);
    }

    public void End(RunSummary summary)
    {
        lock (_gate) _ended = summary;
        _doorbell.Writer.TryWrite(true);
    }

    /// <summary>Waits until something happened (a frame, an event, the end) or the timeout passed.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timer.CancelAfter(timeout);
        try { await _doorbell.Reader.ReadAsync(timer.Token); }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { }
    }

    /// <summary>Wakes the hub now (a browser arrived and waits for the state).</summary>
    public void Nudge() => _doorbell.Writer.TryWrite(true);

    /// <summary>Frames handed over and not yet taken by the hub.</summary>
    public int FramesWaiting => _frames.Reader.Count;

    public bool HasEnded { get { lock (_gate) return _ended != null; } }

    /// <summary>The next frame handed over, the colour scale's top then, and the stimulus preview when one was made.</summary>
    public bool TryTakeFrame(out FrameResult frame, out double scale, out byte[]? preview)
    {
        bool got = _frames.Reader.TryRead(out var item);
        (frame, scale, preview) = item;
        return got;
    }

    /// <summary>The scene in force (null: the stimulus is a movie) and its version.</summary>
    public (Scene? Scene, long Version) Scene { get { lock (_gate) return (_scene.Scene, _scene.Version); } }

    /// <summary>Completes once the scene's version is above <paramref name="version"/>.</summary>
    public Task SceneChangedAfter(long version)
    {
        lock (_gate) return _scene.Version > version ? Task.CompletedTask : _sceneChanged.Task;
    }

    /// <summary>The remembered events numbered above <paramref name="afterSeq"/>, oldest first.</summary>
    public List<NumberedEvent> EventsAfter(long afterSeq)
    {
        lock (_gate) return _events.Where(e => e.Seq > afterSeq).ToList();
    }

    public long LastEventSeq { get { lock (_gate) return _eventSeq; } }

    public FeedState State
    {
        get
        {
            lock (_gate) return new FeedState(_figures.Snapshot(Now), _paused, _ended, _soloed);
        }
    }
}
