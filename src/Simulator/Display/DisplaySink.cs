using System.Diagnostics;
using ViST.RetinaModel;
using ViST.Simulator.Audio;
using ViST.Simulator.Loop;

namespace ViST.Simulator.Display;

/// <summary>What the HUD shows, taken at one moment.</summary>
/// <param name="Rates">The newest frame's rates (empty before the first frame).</param>
/// <param name="ScaleMax">The top of the colour scale: the highest recent rate (spikes/s).</param>
public sealed record HudState(long Frame, double Time, double Fps, double LatencyP50Ms, long Late, long Dropped, bool Paused, int[] Soloed,
    float[] Rates, double ScaleMax);

/// <summary>
/// The live window's feed: a sink (model thread) that keeps the newest frame's pixels, the cell panel's history,
/// the scene parameters in force and the HUD figures; the window thread reads them whenever it draws, so neither
/// waits for the other. Solo notes (from the keyboard or the control port) are applied to the sound here, at the
/// frame boundary where the loop put them.
/// </summary>
public sealed class DisplaySink : IFrameSink
{
    const int FpsWindow = 30, LatencyWindow = 90;
    // The colour scale follows the highest rate, forgetting it with a half-life of 5 s, so a model with low rates
    // (or a dim stimulus) still shows which cells fire most; never below 0.1 spikes/s, so a silent retina stays dark.
    const double MinScale = 0.1, ScaleDecayPerFrame = 0.995389;
    readonly object _gate = new();
    readonly SoundBoard? _sound;
    readonly Stopwatch _clock = Stopwatch.StartNew();
    readonly Queue<double> _arrivals = new();
    readonly Queue<double> _latencies = new();
    readonly TunableParams _params = new();
    readonly byte[] _pixels = new byte[Renderer.FrameSpec.Pixels];   // the newest frame, copied: the loop's buffer is only lent
    bool _hasPixels;
    float[] _rates = [];
    double _peak = MinScale;
    long _frame = -1, _late, _dropped, _version;
    double _time;
    bool _paused;
    int[] _soloed = [];

    public DisplaySink(IReadOnlyList<CellInfo> cells, SoundBoard? sound)
    {
        Cells = cells;
        Panel = new CellPanel(cells);
        _sound = sound;
    }

    public IReadOnlyList<CellInfo> Cells { get; }
    public CellPanel Panel { get; }
    /// <summary>Whether S can solo a cell (the run makes sound).</summary>
    public bool HasSound => _sound != null;
    /// <summary>Grows with every frame and event, so the window redraws only when something changed.</summary>
    public long Version => Interlocked.Read(ref _version);

    public void Start(RunInfo info)
    {
        lock (_gate) _params.Start(info.StimulusJson);
    }

    public void OnEvent(SimEvent e)
    {
        lock (_gate)
        {
            if (e.Kind == SimEventKind.Pause) _paused = true;
            else if (e.Kind == SimEventKind.Resume) _paused = false;
            else if (LiveKeys.SoloCells(e) is { } solo && solo.All(c => c >= 0 && c < Cells.Count))
            {
                _soloed = solo;
                _sound?.Solo(solo);
            }
            else _params.Apply(e);
        }
        Interlocked.Increment(ref _version);
    }

    public void OnFrame(FrameResult frame)
    {
        Panel.OnFrame(frame);
        lock (_gate)
        {
            frame.Pixels.Span.CopyTo(_pixels);
            _hasPixels = true;
            _rates = frame.Rates;
            _peak = Math.Max(MinScale, Math.Max(_peak * ScaleDecayPerFrame, frame.Rates.Length > 0 ? frame.Rates.Max() : 0));
            _frame = frame.Index;
            _time = frame.Time;
            if (frame.Late) _late++;
            _dropped += frame.DroppedBefore;
            Push(_arrivals, _clock.Elapsed.TotalSeconds, FpsWindow);
            Push(_latencies, frame.LatencyMs, LatencyWindow);
        }
        Interlocked.Increment(ref _version);
    }

    static void Push(Queue<double> q, double v, int max)
    {
        q.Enqueue(v);
        while (q.Count > max) q.Dequeue();
    }

    /// <summary>Copies the newest frame's pixels into <paramref name="dst"/> (the window's own buffer, so the upload
    /// to the screen happens outside the lock); false before the first frame.</summary>
    public bool CopyLatestPixels(Span<byte> dst)
    {
        lock (_gate)
        {
            if (!_hasPixels) return false;
            _pixels.CopyTo(dst);
            return true;
        }
    }

    public IReadOnlyList<TunableParam> Params { get { lock (_gate) return _params.All; } }

    public HudState Hud
    {
        get
        {
            lock (_gate)
            {
                // frames per second over the last ones that arrived (0 while paused: nothing arrives)
                double span = _arrivals.Count > 1 ? _arrivals.Last() - _arrivals.Peek() : 0;
                double fps = span > 0 && _clock.Elapsed.TotalSeconds - _arrivals.Last() < 1 ? (_arrivals.Count - 1) / span : 0;
                var sorted = _latencies.Order().ToArray();
                double p50 = sorted.Length > 0 ? sorted[sorted.Length / 2] : 0;
                return new HudState(_frame, _time, fps, p50, _late, _dropped, _paused, _soloed, _rates, _peak);
            }
        }
    }
}
