using ViST.Renderer;
using ViST.RetinaModel;

namespace ViST.Simulator.Tests.Fakes;

/// <summary>
/// A retina whose rates are a deterministic function of the frames: each cell takes the Gaussian-weighted mean
/// luminance (0..1) around its centre, passes it through a short causal filter (<see cref="Taps"/>, newest
/// first) and scales it by <see cref="Gain"/> spikes/s. A cell therefore fires most for a bright spot on its centre.
/// </summary>
public sealed class FakeRetina : IRetina
{
    readonly (int X0, int X1, int Y0, int Y1, float[] W)[] _kernels;
    readonly Queue<float[]> _history = new();

    public FakeRetina(IReadOnlyList<CellInfo> cells, double sigma = 25, double gain = 100, double[]? taps = null)
    {
        Cells = cells;
        Gain = gain;
        Taps = taps ?? [0.6, 0.4];
        _kernels = cells.Select(c => Kernel(c.CenterX, c.CenterY, sigma)).ToArray();
    }

    public static FakeRetina WithCellsAt(params (double X, double Y)[] centres) =>
        new(centres.Select((c, i) => new CellInfo(i, "fake", c.X, c.Y)).ToList());

    public string Name => "fake-retina";
    public IReadOnlyList<CellInfo> Cells { get; }
    public int MaxStreams => 1;
    public int Streams => 1;
    public double Gain { get; }
    public double[] Taps { get; }
    /// <summary>Called inside Step (e.g. to make the model slow).</summary>
    public Action? OnStep { get; set; }

    public void Step(ReadOnlySpan<byte> frames, Span<float> rates)
    {
        OnStep?.Invoke();
        var drive = new float[Cells.Count];
        for (int c = 0; c < drive.Length; c++) drive[c] = Drive(frames, _kernels[c]);
        _history.Enqueue(drive);
        if (_history.Count > Taps.Length) _history.Dequeue();
        var past = _history.Reverse().ToArray();   // newest first
        for (int c = 0; c < drive.Length; c++)
        {
            double sum = 0;
            for (int k = 0; k < past.Length; k++) sum += Taps[k] * past[k][c];
            rates[c] = (float)(Gain * sum);
        }
    }

    public void Reset() => _history.Clear();
    public void Reset(int streams)
    {
        if (streams != 1) throw new ArgumentOutOfRangeException(nameof(streams), "the fake retina has one stream");
        Reset();
    }
    public void Dispose() { }

    static float Drive(ReadOnlySpan<byte> frame, (int X0, int X1, int Y0, int Y1, float[] W) k)
    {
        double sum = 0; int i = 0;
        for (int y = k.Y0; y < k.Y1; y++)
        for (int x = k.X0; x < k.X1; x++)
            sum += k.W[i++] * frame[y * FrameSpec.Width + x];
        return (float)(sum / 255.0);
    }

    static (int, int, int, int, float[]) Kernel(double cx, double cy, double sigma)
    {
        int r = (int)Math.Ceiling(3 * sigma);
        int x0 = Math.Max(0, (int)cx - r), x1 = Math.Min(FrameSpec.Width, (int)cx + r);
        int y0 = Math.Max(0, (int)cy - r), y1 = Math.Min(FrameSpec.Height, (int)cy + r);
        var w = new float[(x1 - x0) * (y1 - y0)];
        double total = 0; int i = 0;
        for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++)
        {
            double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
            w[i] = (float)Math.Exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
            total += w[i++];
        }
        for (i = 0; i < w.Length; i++) w[i] = (float)(w[i] / total);
        return (x0, x1, y0, y1, w);
    }
}
