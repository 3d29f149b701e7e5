using ViST.Renderer;
using ViST.RetinaModel;
using ViST.Simulator.Loop;

namespace ViST.Simulator.Display;

/// <summary>
/// The display model of the live window's side panel, drawn with plain code into an RGBA image:
/// top, a square map of the cells at their receptive-field centres coloured by rate; below it, rolling traces
/// (population mean in white, the traced cells in colour) over the last <see cref="History"/> frames; at the
/// bottom, a raster (one row per cell, Poisson spikes drawn from the rates, newest frame at the right).
/// It is a sink (fed on the model thread) and <see cref="Draw"/> may be called from the window's thread.
/// </summary>
public sealed class CellPanel : IFrameSink
{
    static readonly Rgba Background = new(24, 24, 28), TraceMean = new(240, 240, 240), Spike = new(250, 250, 250);
    static readonly Rgba[] TraceColours = [new(86, 180, 233), new(230, 159, 0), new(0, 158, 115), new(204, 121, 167)];
    readonly IReadOnlyList<CellInfo> _cells;
    readonly float[] _rates;       // [History, cells] ring
    readonly bool[] _spikes;       // [History, cells] ring
    readonly Random _rng;
    readonly object _gate = new();
    long _frames;

    public CellPanel(IReadOnlyList<CellInfo> cells, int history = 300, double maxRate = 40, int seed = 1)
    {
        if (history < 2) throw new ArgumentException("the panel needs at least 2 frames of history");
        _cells = cells;
        History = history;
        MaxRate = maxRate;
        _rates = new float[history * cells.Count];
        _spikes = new bool[history * cells.Count];
        _rng = new Random(seed);
    }

    public int History { get; }
    /// <summary>The rate at the top of the colour scale and of the traces (spikes/s).</summary>
    public double MaxRate { get; set; }
    /// <summary>Cells drawn as coloured traces (at most 4).</summary>
    public IReadOnlyList<int> TracedCells
    {
        get => _traced;
        set => _traced = value.Count <= 4 && value.All(c => c >= 0 && c < _cells.Count) ? value.ToArray()
            : throw new ArgumentException($"trace at most 4 cells, each in 0..{_cells.Count - 1}");
    }
    IReadOnlyList<int> _traced = [];

    public void OnFrame(FrameResult frame)
    {
        lock (_gate)
        {
            int row = (int)(_frames % History) * _cells.Count;
            frame.Rates.CopyTo(_rates, row);
            for (int c = 0; c < _cells.Count; c++)
                _spikes[row + c] = _rng.NextDouble() < frame.Rates[c] / FrameSpec.FrameRate;
            _frames++;
        }
    }

    /// <summary>Where a cell's disc is centred on the map of an image <paramref name="width"/> wide.</summary>
    public static (double X, double Y) MapPosition(CellInfo cell, int width) =>
        (cell.CenterX / FrameSpec.Width * width, cell.CenterY / FrameSpec.Height * width);

    /// <summary>The map's disc radius for an image <paramref name="width"/> wide.</summary>
    public static double DiscRadius(int width) => Math.Max(2, width / 40.0);

    public void Draw(PanelImage image)
    {
        int w = image.Width, mapH = Math.Min(w, image.Height), traceH = (image.Height - mapH) / 2, rasterH = image.Height - mapH - traceH;
        image.FillRect(0, 0, w, image.Height, Background);
        lock (_gate)
        {
            if (_frames == 0) return;
            int cells = _cells.Count, shown = (int)Math.Min(_frames, History);
            int newest = (int)((_frames - 1) % History);
            int Row(int age) => ((newest - age) % History + History) % History * cells;   // age 0: newest frame

            for (int c = 0; c < cells; c++)
            {
                var (x, y) = MapPosition(_cells[c], w);
                image.FillDisc(x, y, DiscRadius(w), RateColors.Of(_rates[Row(0) + c], MaxRate));
            }
            if (traceH > 1) DrawTraces(image, mapH, traceH, shown, Row);
            if (rasterH >= cells && cells > 0)
                for (int age = 0; age < shown; age++)
                {
                    int x = w - 1 - (int)((long)age * w / History);
                    for (int c = 0; c < cells; c++)
                        if (_spikes[Row(age) + c]) image.Set(x, mapH + traceH + c * rasterH / cells, Spike);
                }
        }
    }

    void DrawTraces(PanelImage image, int top, int height, int shown, Func<int, int> row)
    {
        int w = image.Width, cells = _cells.Count;
        double Y(double rate) => top + height - 1 - Math.Clamp(rate / MaxRate, 0, 1) * (height - 1);
        double X(int age) => w - 1 - (double)age * w / History;
        for (int age = 0; age + 1 < shown; age++)
        {
            double mean0 = Mean(row(age)), mean1 = Mean(row(age + 1));
            image.Line(X(age), Y(mean0), X(age + 1), Y(mean1), TraceMean);
            for (int k = 0; k < Math.Min(4, TracedCells.Count); k++)
            {
                int c = TracedCells[k];
                image.Line(X(age), Y(_rates[row(age) + c]), X(age + 1), Y(_rates[row(age + 1) + c]), TraceColours[k]);
            }
        }

        double Mean(int r)
        {
            double s = 0;
            for (int c = 0; c < cells; c++) s += _rates[r + c];
            return s / Math.Max(1, cells);
        }
    }
}
