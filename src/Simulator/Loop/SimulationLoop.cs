using System.Runtime.ExceptionServices;
using System.Text.Json;
using ViST.Renderer;
using ViST.RetinaModel;

namespace ViST.Simulator.Loop;

/// <summary>
/// The real-time loop: render frame -> retina.Step -> sinks. A render thread (which owns the stimulus and its GL
/// context, made there by the factory) renders frame i+1 while the calling thread runs the model on frame i;
/// a bounded queue between them holds at most <see cref="LoopOptions.PipelineDepth"/> frames. Every parameter
/// change is applied by the render thread at a frame boundary and stamped with the first frame that shows it.
/// </summary>
public sealed class SimulationLoop
{
    readonly Func<Stimulus> _stimulusFactory;
    readonly IRetina _retina;
    readonly LoopOptions _options;
    readonly List<IFrameSink> _sinks;
    readonly FrameClock _clock;
    readonly CancellationTokenSource _stop = new();
    long _rendered, _scored, _late;
    volatile bool _paused, _stimulusEnded;
    int _started;

    public SimulationLoop(Func<Stimulus> stimulusFactory, IRetina retina, RunInfo info, LoopOptions options, IEnumerable<IFrameSink> sinks)
    {
        if (retina.Streams != 1) throw new ArgumentException($"a live loop needs a retina with 1 stream, not {retina.Streams}");
        if (options.PipelineDepth < 1) throw new ArgumentException("pipeline depth must be at least 1");
        _stimulusFactory = stimulusFactory;
        _retina = retina;
        _options = options;
        _sinks = sinks.ToList();
        _clock = new FrameClock(FrameSpec.FrameRate, options.Paced);
        Info = info;
    }

    public RunInfo Info { get; }
    public EventQueue Events { get; } = new();

    /// <summary>Adds a sink before <see cref="Run"/> (e.g. the control server's stream, a controller).</summary>
    public void AddSink(IFrameSink sink) => _sinks.Add(sink);

    public LoopState State => new(Interlocked.Read(ref _rendered), Interlocked.Read(ref _scored), _paused,
        Interlocked.Read(ref _late), _clock.Dropped);

    /// <summary>Ends the run after the frames already rendered are scored (thread-safe, idempotent).</summary>
    public void Stop() => _stop.Cancel();

    /// <summary>Runs until <see cref="LoopOptions.MaxFrames"/>, the end of the stimulus, <see cref="Stop"/> or cancellation; blocks the caller,
    /// which becomes the model thread. Once running, a frame allocates only its <see cref="FrameResult"/> and rates
    /// array: the pixel buffers go round a fixed pool and the pipeline's items are structs.</summary>
    public RunSummary Run(CancellationToken ct = default)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0) throw new InvalidOperationException("a loop runs once; make a new one");
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _stop.Token);
        using var ready = new HandoffQueue<LoopItem>(_options.PipelineDepth + 1);
        // the frames waiting in the queue, the one being rendered and the one being scored (its pixels are lent to the sinks)
        using var free = new HandoffQueue<byte[]>(_options.PipelineDepth + 2);
        for (int i = 0; i < _options.PipelineDepth + 2; i++) free.Add(new byte[FrameSpec.Pixels], CancellationToken.None);

        _retina.Reset();
        try { foreach (var s in _sinks) s.Start(Info); }
        catch
        {
            Events.Close("the run could not start");
            throw;
        }
        Exception? renderError = null;
        var render = new Thread(() =>
        {
            try { RenderLoop(ready, free, linked.Token); }
            catch (OperationCanceledException) when (linked.IsCancellationRequested) { }
            catch (Exception e) { renderError = e; }
            finally { ready.CompleteAdding(); }
        }) { Name = "vist-render", IsBackground = true };

        var latencies = new LatencyStats();
        int cells = _retina.Cells.Count;
        double started = _clock.Now;
        var gcAtStart = GcCounts.Snapshot.Now();
        GcCounts.Snapshot? gcAfterFirstSecond = null;
        render.Start();
        try
        {
            while (ready.TryTake(out var item))
            {
                if (item.Event is { } e) { foreach (var s in _sinks) s.OnEvent(e); continue; }
                var rates = new float[cells];
                _retina.Step(item.Pixels, rates);
                double done = _clock.Now;
                // two stages, one slot each: render in the frame's own slot, score in the next
                bool late = _clock.Paced && done > item.Deadline + 2 * _clock.Period;
                if (late) Interlocked.Increment(ref _late);
                double latencyMs = (done - item.ReadyAt) * 1000;
                latencies.Add(latencyMs);
                var result = new FrameResult(item.Index, FrameSpec.TimeOf(item.Index), rates, latencyMs, late, item.Dropped) { Pixels = item.Pixels };
                Interlocked.Increment(ref _scored);
                foreach (var s in _sinks) s.OnFrame(result);
                free.Add(item.Pixels, CancellationToken.None);
                if (gcAfterFirstSecond is null && done - started >= 1) gcAfterFirstSecond = GcCounts.Snapshot.Now();
            }
        }
        catch
        {
            linked.Cancel();
            render.Join();
            Events.Close("the run ended with an error");
            throw;
        }
        render.Join();
        Events.Close("the run has ended");
        if (renderError != null) ExceptionDispatchInfo.Capture(renderError).Throw();

        string end = _options.MaxFrames is { } max && _scored >= max ? "frames" : _stimulusEnded ? "end of stimulus" : "stopped";
        var gcAtEnd = GcCounts.Snapshot.Now();
        var summary = new RunSummary(_scored, _clock.Now - started, latencies.Percentile(50), latencies.Percentile(99),
            _late, _clock.Dropped, _clock.Paced, end) { Gc = GcCounts.Between(gcAtStart, gcAfterFirstSecond ?? gcAtEnd, gcAtEnd) };
        foreach (var s in _sinks) s.End(summary);
        return summary;
    }

    void RenderLoop(HandoffQueue<LoopItem> ready, HandoffQueue<byte[]> free, CancellationToken ct)
    {
        var stimulus = _stimulusFactory();
        var due = new List<EventQueue.Pending>();
        try
        {
            _clock.Anchor();
            for (long k = 0; _options.MaxFrames is not { } max || k < max; k++)
            {
                var (deadline, dropped) = _clock.WaitForNextSlot(ct);
                ct.ThrowIfCancellationRequested();
                ApplyDueEvents(stimulus, k, due, ready, ct);
                if (_paused)
                {
                    while (_paused)
                    {
                        Events.WaitForPost(TimeSpan.FromMilliseconds(100), ct);
                        ct.ThrowIfCancellationRequested();
                        ApplyDueEvents(stimulus, k, due, ready, ct);
                    }
                    _clock.Anchor();
                    (deadline, dropped) = _clock.WaitForNextSlot(ct);
                }
                if (stimulus.HasEnded?.Invoke(k) == true)
                {
                    _stimulusEnded = true;
                    return;
                }
                free.TryTake(out var pixels, ct);                 // the pool is never completed: a buffer or a cancellation
                stimulus.Frames.Render(k, pixels);
                ready.Add(new LoopItem(k, pixels, _clock.Now, deadline, dropped, null), ct);
                Interlocked.Increment(ref _rendered);
            }
        }
        finally { stimulus.Dispose(); }
    }

    void ApplyDueEvents(Stimulus stimulus, long frame, List<EventQueue.Pending> due, HandoffQueue<LoopItem> ready, CancellationToken ct)
    {
        Events.TakeDue(frame, due);
        foreach (var p in due)
        {
            var e = p.Event with { Frame = frame };
            // pausing a paused loop (or resuming a running one) changes nothing, so it is not an event
            if (e.Kind == SimEventKind.Pause && _paused || e.Kind == SimEventKind.Resume && !_paused)
            {
                p.Done.TrySetResult(frame);
                continue;
            }
            try { Apply(stimulus, e); }
            catch (Exception ex) when (ex is ArgumentException or JsonException or InvalidDataException or NotSupportedException or FormatException)
            {
                p.Done.TrySetException(ex);
                continue;
            }
            ready.Add(new LoopItem(frame, [], 0, 0, 0, e), ct);
            p.Done.TrySetResult(frame);
        }
    }

    void Apply(Stimulus stimulus, SimEvent e)
    {
        switch (e.Kind)
        {
            case SimEventKind.SetParam:
                using (var doc = JsonDocument.Parse(e.Json ?? "null"))
                    Control(stimulus).SetParam(e.Layer ?? "", e.Name ?? "", doc.RootElement.Clone());
                break;
            case SimEventKind.LoadScene: Control(stimulus).LoadScene(e.Json ?? ""); break;
            case SimEventKind.Pause: _paused = true; break;
            case SimEventKind.Resume: _paused = false; break;
        }
    }

    static ISceneControl Control(Stimulus s) => s.Control
        ?? throw new NotSupportedException("this stimulus has no parameters to set (a movie plays as it is)");

    /// <summary>A rendered frame, or an event applied at the boundary before frame Index (a struct: one goes through
    /// the queue every frame).</summary>
    readonly record struct LoopItem(long Index, byte[] Pixels, double ReadyAt, double Deadline, int Dropped, SimEvent? Event);
}
