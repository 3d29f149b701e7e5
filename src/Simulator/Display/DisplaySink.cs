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
/// waits for the other. It follows solo notes for the HUD; <see cref="SoloNoteSink"/> applies them to the sound.
/// </summary>
public sealed class DisplaySink : IFrameSink
{
    readonly object _gate = new();
    readonly Stopwatch _clock = Stopwatch.StartNew();
    readonly LiveFigures _figures = new(fpsWindow: 30, latencyWindow: 90);
    readonly TunableParams _params = new();
    readonly byte[] _pixels = new byte[Renderer.FrameSpec.Pixels];   // the newest frame, copied: the loop's buffer is only lent
    bool _hasPixels;
    float[] _rates = [];
    long _version;
    bool _paused;
    int[] _soloed = [];

    public DisplaySink(IReadOnlyList<CellInfo> cells, SoundBoard? sound)
    {
        Cells = cells;
        Panel = new CellPanel(cells);
        HasSound = sound != null;
    }

    public IReadOnlyList<CellInfo> Cells { get; }
    public CellPanel Panel { get; }
    /// <summary>Whether S can solo a cell (the run makes sound).</summary>
    public bool HasSound { get; }
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
            else if (LiveKeys.SoloCells(e) is { } solo && solo.All(c => c >= 0 && c < Cells.Count)) _soloed = solo;
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
            _figures.Add(frame, _clock.Elapsed.TotalSeconds);
        }
        Interlocked.Increment(ref _version);
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
                var f = _figures.Snapshot(_clock.Elapsed.TotalSeconds);
                double p50 = double.IsNaN(f.LatencyP50Ms) ? 0 : f.LatencyP50Ms;
                return new HudState(f.Frame, f.Time, f.Fps, p50, f.Late, f.Dropped, _paused, _soloed, _rates, f.ScaleMax);
            }
        }
    }
}
