using System.Numerics.Tensors;

namespace ViST.RetinaModel.Ln;

/// <summary>
/// A virtual retina of linear-nonlinear cells (<see cref="LnMosaic"/>): each frame is averaged into a 90x90 grid of
/// 4x4-px blocks, turned into contrast (pixel/255 - 0.5, mean grey = 0), weighted by each cell's DoG, filtered in
/// time by its kernel and passed through its softplus nonlinearity. <see cref="Step"/> returns the expected rates;
/// <see cref="LnSimulation"/> adds Poisson trials. Streams are independent (each keeps its own history).
/// </summary>
public sealed class LnRetina : IRetina
{
    const int Px = LnFilters.FrameSize * LnFilters.FrameSize, Grid = LnFilters.GridSize, L = LnFilters.KernelLength;

    readonly IReadOnlyList<LnCell> _cells;
    readonly float[][] _spatial;       // per cell, [90*90] weights on raw 0..255 block means
    readonly float[] _offset;          // per cell, what mean grey (127.5) contributes: subtracted to get contrast
    readonly float[][] _temporal;      // per cell, [L] kernel, k = frames ago
    readonly float[] _history;         // [stream][L][cell] spatial drive, ring buffer
    readonly float[] _grid = new float[Grid * Grid];
    int _head;                          // ring slot of the current frame

    public LnRetina(int streams = 1) : this(LnMosaic.Cells, streams) { }

    public LnRetina(IReadOnlyList<LnCell> cells, int streams = 1)
    {
        if (streams < 1) throw new ArgumentException($"streams must be >= 1, got {streams}");
        _cells = cells;
        MaxStreams = Streams = streams;
        Cells = cells.Select(c => c.ToCellInfo()).ToList();
        _spatial = new float[cells.Count][];
        _offset = new float[cells.Count];
        _temporal = new float[cells.Count][];
        for (int c = 0; c < cells.Count; c++)
        {
            var w = LnFilters.SpatialWeights(cells[c]);
            // contrast = v/255 - 0.5, so sum w*contrast = sum (w/255)*v - 0.5*sum w; the polarity is folded in here
            float scale = cells[c].Polarity / 255f;
            for (int i = 0; i < w.Length; i++) w[i] *= scale;
            _spatial[c] = w;
            _offset[c] = 127.5f * TensorPrimitives.Sum<float>(w);
            _temporal[c] = LnFilters.TemporalKernel(cells[c]);
        }
        _history = new float[streams * L * cells.Count];
    }

    public string Name => "ln";
    public IReadOnlyList<CellInfo> Cells { get; }
    public IReadOnlyList<LnCell> Parameters => _cells;
    public int MaxStreams { get; }
    public int Streams { get; private set; }

    public void Reset()
    {
        Array.Clear(_history);
        _head = 0;
    }

    public void Reset(int streams)
    {
        if (streams < 1 || streams > MaxStreams) throw new ArgumentOutOfRangeException(nameof(streams), $"ln: {streams} streams asked, opened with 1 to {MaxStreams}");
        Reset();
        Streams = streams;
    }

    public void Step(ReadOnlySpan<byte> frames, Span<float> rates)
    {
        int n = _cells.Count;
        if (frames.Length != Streams * Px) throw new ArgumentException($"frames: expected {Streams} frame(s) of 360x360 = {Streams * Px} bytes, got {frames.Length}");
        if (rates.Length != Streams * n) throw new ArgumentException($"rates: expected {Streams} x {n} = {Streams * n} values, got {rates.Length}");
        _head = (_head + 1) % L;
        for (int s = 0; s < Streams; s++)
        {
            BlockMeans(frames.Slice(s * Px, Px), _grid);
            var history = _history.AsSpan(s * L * n, L * n);
            var current = history.Slice(_head * n, n);
            for (int c = 0; c < n; c++) current[c] = TensorPrimitives.Dot<float>(_spatial[c], _grid) - _offset[c];
            for (int c = 0; c < n; c++)
            {
                var h = _temporal[c];
                double drive = 0;
                for (int k = 0; k < L; k++) drive += h[k] * history[((_head - k + L) % L) * n + c];
                rates[s * n + c] = (float)_cells[c].Rate(drive);
            }
        }
    }

    /// <summary>Means of the 4x4-px blocks of a 360x360 frame, row-major [90*90].</summary>
    static void BlockMeans(ReadOnlySpan<byte> frame, Span<float> grid)
    {
        const int d = LnFilters.Downsample, size = LnFilters.FrameSize;
        Span<int> rowSums = stackalloc int[Grid];
        for (int i = 0; i < Grid; i++)
        {
            rowSums.Clear();
            for (int y = i * d; y < (i + 1) * d; y++)
            {
                var line = frame.Slice(y * size, size);
                for (int j = 0, x = 0; j < Grid; j++, x += d)
                    rowSums[j] += line[x] + line[x + 1] + line[x + 2] + line[x + 3];
            }
            for (int j = 0; j < Grid; j++) grid[i * Grid + j] = rowSums[j] * (1f / (d * d));
        }
    }

    public void Dispose() { }
}
