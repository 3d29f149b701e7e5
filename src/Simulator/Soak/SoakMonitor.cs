using System.Diagnostics;
using ViST.Simulator.Loop;

namespace ViST.Simulator.Soak;

/// <summary>One stretch of a soak run: its frames, late and dropped frames, latency, and at its end the resident
/// memory, the managed heap and the garbage collections during it. Gen0/Gen1/Gen2 count collections of that
/// generation as .NET does (a gen-2 collection also collects generations 0 and 1, so it counts in all three).</summary>
public sealed record SoakInterval(double EndSeconds, long Frames, long Late, long Dropped, double LatencyP99Ms,
    double RssMb, double ManagedMb, int Gen0, int Gen1, int Gen2);

/// <summary>
/// A sink for long paced runs: every <c>interval</c> of wall time it closes a <see cref="SoakInterval"/>, so what a
/// run does over time shows (memory that grows, collections that pause the loop, frames that start to drop).
/// Sampling costs one read of /proc per interval on the model thread.
/// </summary>
/// <param name="interval">Wall time per interval.</param>
/// <param name="duration">Wall time to watch from the first frame: a soak lasts this long however many frames the
/// machine manages (a frame count would stretch a slow run without end); later frames are not counted.</param>
/// <param name="now">The clock (tests pass their own); default: a stopwatch.</param>
public sealed class SoakMonitor(TimeSpan interval, TimeSpan duration, Func<TimeSpan>? now = null) : IFrameSink
{
    readonly TimeSpan _interval = interval;
    readonly Func<TimeSpan> _now = now ?? StopwatchClock();
    readonly List<SoakInterval> _intervals = [];
    TimeSpan? _start;
    bool _done;
    LatencyStats _latency = new();
    long _frames, _late, _dropped;
    int _gen0, _gen1, _gen2;
    TimeSpan _next = interval;   // the first interval ends one interval after the start

    /// <summary>Called on the model thread as each interval closes (for a progress line).</summary>
    public event Action<SoakInterval>? Closed;

    /// <summary>Called once, on the model thread, when the duration is up (the run should stop).</summary>
    public event Action? DurationReached;

    public IReadOnlyList<SoakInterval> Intervals => _intervals;
    public double StartRssMb { get; private set; }
    public double StartManagedMb { get; private set; }

    public void Start(RunInfo info)
    {
        (StartRssMb, StartManagedMb) = Memory();
        (_gen0, _gen1, _gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
    }

    public void OnFrame(FrameResult frame)
    {
        // time runs from the first frame: the run's N minutes of frames then fill N intervals, with no sliver of
        // start-up (the GL context, the first model call) before them or of frames after them
        if (_done) return;
        _start ??= _now();
        _frames++;
        if (frame.Late) _late++;
        _dropped += frame.DroppedBefore;
        _latency.Add(frame.LatencyMs);
        if (Elapsed >= _next)
        {
            Close();
            while (_next <= Elapsed) _next += _interval;   // a stall longer than an interval is one long interval
        }
        if (Elapsed >= duration)
        {
            if (_frames > 0) Close();
            _done = true;
            DurationReached?.Invoke();
        }
    }

    public void End(RunSummary summary)
    {
        if (_frames > 0) Close();
    }

    void Close()
    {
        var (rss, managed) = Memory();
        var (g0, g1, g2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var closed = new SoakInterval(Elapsed.TotalSeconds, _frames, _late, _dropped, _latency.Percentile(99), rss, managed,
            g0 - _gen0, g1 - _gen1, g2 - _gen2);
        _intervals.Add(closed);
        (_frames, _late, _dropped, _latency) = (0, 0, 0, new LatencyStats());
        (_gen0, _gen1, _gen2) = (g0, g1, g2);
        Closed?.Invoke(closed);
    }

    TimeSpan Elapsed => _now() - (_start ?? _now());

    static Func<TimeSpan> StopwatchClock()
    {
        var watch = Stopwatch.StartNew();
        return () => watch.Elapsed;
    }

    /// <summary>Resident memory of the whole process (native buffers, ONNX Runtime, GL included) and the managed heap, MB.</summary>
    static (double Rss, double Managed) Memory() => (Environment.WorkingSet / 1e6, GC.GetTotalMemory(forceFullCollection: false) / 1e6);
}
