using ViST.Simulator.Loop;

namespace ViST.Simulator.Display;

/// <summary>The figures a live view shows at one moment (the window's HUD, the dashboard's status line).</summary>
/// <param name="Frame">The newest frame's index (-1 before the first frame).</param>
/// <param name="Fps">Frames per second over the last frames that arrived; 0 while none arrive (paused).</param>
/// <param name="ScaleMax">The top of the colour scale: the highest recent rate (spikes/s).</param>
public sealed record LiveFigureSnapshot(long Frame, double Time, double Fps, double LatencyP50Ms, double LatencyP99Ms,
    long Late, long Dropped, double ScaleMax);

/// <summary>
/// Running figures of a live run, updated once per frame in O(1): frame rate over the last <c>fpsWindow</c>
/// arrivals, latency percentiles over the last <c>latencyWindow</c> frames, totals of late and dropped frames, and
/// a colour scale that follows the highest rate. Not thread-safe: its owner locks (a sink writes on the model
/// thread, a view reads on its own).
/// </summary>
public sealed class LiveFigures
{
    // The colour scale follows the highest rate, forgetting it with a half-life of 5 s, so a model with low rates
    // (or a dim stimulus) still shows which cells fire most; never below 0.1 spikes/s, so a silent retina stays dark.
    const double MinScale = 0.1, ScaleDecayPerFrame = 0.995389;
    readonly double[] _arrivals;   // ring of arrival times (seconds)
    readonly float[] _latencies;   // ring of latencies (ms)
    long _frames, _late, _dropped, _frame = -1;
    double _time, _peak = MinScale;

    public LiveFigures(int fpsWindow, int latencyWindow)
    {
        if (fpsWindow < 2 || latencyWindow < 1) throw new ArgumentException("the frame-rate window needs 2 frames and the latency window 1");
        _arrivals = new double[fpsWindow];
        _latencies = new float[latencyWindow];
    }

    /// <param name="arrivedAt">When the frame reached the view, in seconds on any steady clock.</param>
    public void Add(FrameResult frame, double arrivedAt)
    {
        _arrivals[_frames % _arrivals.Length] = arrivedAt;
        _latencies[_frames % _latencies.Length] = (float)frame.LatencyMs;
        _frames++;
        _frame = frame.Index;
        _time = frame.Time;
        if (frame.Late) _late++;
        _dropped += frame.DroppedBefore;
        float highest = 0;
        foreach (float r in frame.Rates) highest = Math.Max(highest, r);
        _peak = Math.Max(MinScale, Math.Max(_peak * ScaleDecayPerFrame, highest));
    }

    /// <summary>The top of the colour scale now (spikes/s).</summary>
    public double ScaleMax => _peak;

    /// <param name="now">The same clock as <see cref="Add"/>'s arrival times.</param>
    public LiveFigureSnapshot Snapshot(double now)
    {
        int arrived = (int)Math.Min(_frames, _arrivals.Length);
        double fps = 0;
        if (arrived > 1)
        {
            double newest = _arrivals[(_frames - 1) % _arrivals.Length], oldest = _arrivals[(_frames - arrived) % _arrivals.Length];
            // a run that stopped delivering (paused, stalled) shows 0, not the rate it had a while ago
            if (newest > oldest && now - newest < 1) fps = (arrived - 1) / (newest - oldest);
        }
        var recent = _latencies.AsSpan(0, (int)Math.Min(_frames, _latencies.Length)).ToArray();
        Array.Sort(recent);
        return new LiveFigureSnapshot(_frame, _time, fps, LatencyStats.Percentile(recent, 50), LatencyStats.Percentile(recent, 99),
            _late, _dropped, _peak);
    }
}
