using System.Text.Json.Nodes;
using ViST.Renderer;
using ViST.RetinaModel;

namespace ViST.Simulator.Tests;

/// <summary>
/// A stand-in for the renderer, drawing a scene JSON in plain C# with the renderer's parameter names:
/// "background" (0..1) and layers grating (orientation_deg, cycles_per_px, temporal_hz, contrast), spot
/// (center_px, radius_px, contrast) and noise (check_px, contrast: a binary checkerboard drawn afresh each
/// frame from the seed and frame index; drawn on top), each shown from start_s to end_s.
/// Pure function of (scene, index), like the real one.
/// </summary>
sealed class FakeSceneSource : IFrameSource
{
    readonly JsonObject _scene;
    public FakeSceneSource(JsonObject scene) => _scene = scene;

    static double D(JsonNode? n, double fallback = 0) => n is JsonValue v && v.TryGetValue<double>(out var d) ? d : fallback;

    public void Render(long index, Span<byte> dst)
    {
        double t = FrameSpec.TimeOf(index), bg = D(_scene["background"], 0.5);
        var lum = new double[FrameSpec.Pixels];
        Array.Fill(lum, bg);
        long seed = (long)D(_scene["seed"], 1);
        foreach (var layer in (_scene["layers"] as JsonArray)!.OfType<JsonObject>())
        {
            double contrast = D(layer["contrast"], 1);
            if (t < D(layer["start_s"], 0) || t >= D(layer["end_s"], double.PositiveInfinity)) continue;
            switch (layer["type"]!.GetValue<string>())
            {
                case "grating":
                    // sin(a + b) = sin a cos b + cos a sin b, with a from x and b from y and t: two tables per frame.
                    double th = D(layer["orientation_deg"]) * Math.PI / 180, k = D(layer["cycles_per_px"], 0.02), hz = D(layer["temporal_hz"]);
                    var sinX = new double[FrameSpec.Width]; var cosX = new double[FrameSpec.Width];
                    for (int x = 0; x < FrameSpec.Width; x++) { double a = 2 * Math.PI * k * x * Math.Cos(th); sinX[x] = Math.Sin(a); cosX[x] = Math.Cos(a); }
                    for (int y = 0; y < FrameSpec.Height; y++)
                    {
                        double b = 2 * Math.PI * (k * y * Math.Sin(th) - hz * t), sb = Math.Sin(b), cb = Math.Cos(b);
                        for (int x = 0; x < FrameSpec.Width; x++) lum[y * FrameSpec.Width + x] = bg * (1 + contrast * (sinX[x] * cb + cosX[x] * sb));
                    }
                    break;
                case "spot":
                    var c = layer["center_px"] as JsonArray;
                    double sx = D(c?[0], 180), sy = D(c?[1], 180), r = D(layer["radius_px"], 50);
                    for (int y = 0; y < FrameSpec.Height; y++)
                        for (int x = 0; x < FrameSpec.Width; x++)
                            if ((x + 0.5 - sx) * (x + 0.5 - sx) + (y + 0.5 - sy) * (y + 0.5 - sy) <= r * r) lum[y * FrameSpec.Width + x] = bg * (1 + contrast);
                    break;
                case "noise":
                    // Drawn straight into dst (it is the top layer in the tests), one Fill per check and row: the
                    // tests run unoptimised builds and an STA needs many frames.
                    double check = D(layer["check_px"], 22.5);
                    int n = (int)Math.Ceiling(FrameSpec.Width / check);
                    var rng = new Random(unchecked((int)(seed * 1_000_003 + index)));
                    var checks = new byte[n * n];
                    for (int i = 0; i < checks.Length; i++) checks[i] = (byte)Math.Clamp(bg * (1 + contrast * (rng.Next(2) * 2 - 1)) * 255 + 0.5, 0, 255);
                    for (int y = 0; y < FrameSpec.Height; y++)
                        for (int col = 0; col < n; col++)
                        {
                            int x0 = (int)Math.Ceiling(col * check), x1 = Math.Min(FrameSpec.Width, (int)Math.Ceiling((col + 1) * check));
                            dst.Slice(y * FrameSpec.Width + x0, x1 - x0).Fill(checks[(int)(y / check) * n + col]);
                        }
                    return;
                default: throw new InvalidDataException($"fake renderer: unknown layer type {layer["type"]}");
            }
        }
        for (int i = 0; i < lum.Length; i++) dst[i] = (byte)Math.Clamp(lum[i] * 255 + 0.5, 0, 255);
    }

    public void Dispose() { }
}

/// <summary>One fake cell: a Gaussian RF (centre, σ in px), ON (+1) or OFF (−1), low-pass with time constant
/// tau_s, after a pure delay of DelayFrames; transient cells subtract a slower low-pass (tau 4×) so their step
/// response decays.</summary>
sealed record FakeCell(int Id, double X, double Y, double Sigma, int Sign, bool Transient, double TauS = 0.05, double Base = 5,
    double Gain = 200, int DelayFrames = 0)
{
    public string Type => $"{(Sign > 0 ? "ON" : "OFF")}-{(Transient ? "transient" : "sustained")}";
}

/// <summary>
/// A stand-in for the retina: linear Gaussian RF on (luminance − 0.5), temporal filter, rectification,
/// stepping every stream independently. Counts the frames stepped per stream (to check --resume) and can be
/// told to fail after a number of steps (to simulate an interrupted sweep).
/// </summary>
sealed class TunedFakeRetina : IRetina
{
    readonly FakeCell[] _cells;
    readonly (int X0, int X1, int Y0, int Y1, double[] W)[] _rf;
    readonly double[] _fast, _slow;
    readonly double[] _delayLine;   // [streams, cells, MaxDelay + 1] past drives
    readonly int _delaySlots;

    public TunedFakeRetina(IReadOnlyList<FakeCell> cells, int streams)
    {
        _cells = cells.ToArray();
        MaxStreams = Streams = streams;
        Cells = _cells.Select(c => new CellInfo(c.Id, c.Type, c.X, c.Y)).ToList();
        _rf = _cells.Select(Weights).ToArray();
        _fast = new double[streams * _cells.Length];
        _slow = new double[streams * _cells.Length];
        _delaySlots = _cells.Max(c => c.DelayFrames) + 1;
        _delayLine = new double[streams * _cells.Length * _delaySlots];
    }

    public string Name => "fake";
    public IReadOnlyList<CellInfo> Cells { get; }
    public int MaxStreams { get; }
    public int Streams { get; private set; }
    public long Steps { get; private set; }
    /// <summary>Stream-frames computed (a step of N streams counts N): what a sweep paid for.</summary>
    public long StreamSteps { get; private set; }
    public long FailAfterSteps { get; set; } = long.MaxValue;

    static (int, int, int, int, double[]) Weights(FakeCell c)
    {
        int x0 = Math.Max(0, (int)(c.X - 3 * c.Sigma)), x1 = Math.Min(FrameSpec.Width, (int)(c.X + 3 * c.Sigma) + 1);
        int y0 = Math.Max(0, (int)(c.Y - 3 * c.Sigma)), y1 = Math.Min(FrameSpec.Height, (int)(c.Y + 3 * c.Sigma) + 1);
        var w = new double[(x1 - x0) * (y1 - y0)];
        for (int y = y0; y < y1; y++)
            for (int x = x0; x < x1; x++)
                w[(y - y0) * (x1 - x0) + x - x0] = Math.Exp(-((x + 0.5 - c.X) * (x + 0.5 - c.X) + (y + 0.5 - c.Y) * (y + 0.5 - c.Y)) / (2 * c.Sigma * c.Sigma));
        double sum = w.Sum();
        for (int i = 0; i < w.Length; i++) w[i] /= sum;
        return (x0, x1, y0, y1, w);
    }

    public void Step(ReadOnlySpan<byte> frames, Span<float> rates)
    {
        if (Steps >= FailAfterSteps) throw new IOException("fake retina: simulated crash");
        if (frames.Length != Streams * FrameSpec.Pixels || rates.Length != Streams * _cells.Length)
            throw new ArgumentException($"fake retina: {frames.Length} frame bytes and {rates.Length} rates for {Streams} streams");
        Steps++;
        StreamSteps += Streams;
        for (int s = 0; s < Streams; s++)
        {
            var frame = frames.Slice(s * FrameSpec.Pixels, FrameSpec.Pixels);
            for (int c = 0; c < _cells.Length; c++)
            {
                var (x0, x1, y0, y1, w) = _rf[c];
                double drive = 0;
                for (int y = y0; y < y1; y++)
                    for (int x = x0; x < x1; x++)
                        drive += w[(y - y0) * (x1 - x0) + x - x0] * (frame[y * FrameSpec.Width + x] / 255.0 - 0.5);
                var cell = _cells[c];
                int i = s * _cells.Length + c;
                var line = _delayLine.AsSpan(i * _delaySlots, _delaySlots);
                line[(int)(Steps % _delaySlots)] = drive;
                drive = line[(int)((Steps - cell.DelayFrames + _delaySlots * 1000L) % _delaySlots)];
                double dt = 1 / FrameSpec.FrameRate;
                _fast[i] += (drive - _fast[i]) * (1 - Math.Exp(-dt / cell.TauS));
                _slow[i] += (drive - _slow[i]) * (1 - Math.Exp(-dt / (4 * cell.TauS)));
                double filtered = cell.Transient ? _fast[i] - _slow[i] : _fast[i];
                rates[i] = (float)Math.Max(0, cell.Base + cell.Gain * cell.Sign * filtered);
            }
        }
    }

    /// <summary>Forgets history: the filters start at the grey level's drive (0).</summary>
    public void Reset()
    {
        Array.Clear(_fast);
        Array.Clear(_slow);
        Array.Clear(_delayLine);
    }

    public void Reset(int streams)
    {
        if (streams < 1 || streams > MaxStreams) throw new ArgumentOutOfRangeException(nameof(streams));
        Reset();
        Streams = streams;
    }

    public void Dispose() { }
}
