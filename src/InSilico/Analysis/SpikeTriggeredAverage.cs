using ViST.Renderer;

namespace ViST.InSilico.Analysis;

/// <summary>
/// Rate-weighted spike-triggered average of a white-noise stimulus, accumulated frame by frame.
/// Frames are averaged into a grid×grid of square bins (grid 16 = the model's 22.5 px patches); for each lag
/// l in [0, lags) STA_l = Σ_t r_t s_{t−l} / Σ_t r_t − mean(s), rates used as spike weights.
/// The response latency is handled by <see cref="Finish"/>: the best lag is the one with the most spatial
/// energy, the temporal kernel is each lag's projection on that map, and the spatial RF is the STA projected
/// on the temporal kernel (a rank-1 space–time separation that uses every lag, not one noisy slice).
/// </summary>
public sealed class SpikeTriggeredAverage
{
    readonly int _grid, _lags, _cells, _bins;
    readonly int[] _binOfColumn = new int[FrameSpec.Width], _binOfRow = new int[FrameSpec.Height];
    readonly double[] _pixelsPerBin;
    readonly double[][] _history;        // ring of the last `lags` binned frames
    readonly double[] _weighted;         // [cells, lags, bins]: Σ r_t s_{t−l}
    readonly double[] _rateSum;          // [cells]
    readonly double[] _stimulusSum;      // [bins]: Σ s over frames that entered the sums
    long _framesSeen, _framesUsed;

    public int Grid => _grid;
    public double PixelsPerBin => (double)FrameSpec.Width / _grid;

    public SpikeTriggeredAverage(int grid, int lags, int cells)
    {
        if (grid < 2 || grid > FrameSpec.Width) throw new ArgumentException($"STA grid must be in [2, {FrameSpec.Width}] (got {grid})");
        if (lags < 1) throw new ArgumentException($"STA needs at least 1 lag (got {lags})");
        (_grid, _lags, _cells, _bins) = (grid, lags, cells, grid * grid);
        for (int x = 0; x < FrameSpec.Width; x++) _binOfColumn[x] = x * grid / FrameSpec.Width;
        for (int y = 0; y < FrameSpec.Height; y++) _binOfRow[y] = y * grid / FrameSpec.Height;
        _pixelsPerBin = new double[_bins];
        for (int y = 0; y < FrameSpec.Height; y++)
            for (int x = 0; x < FrameSpec.Width; x++) _pixelsPerBin[_binOfRow[y] * grid + _binOfColumn[x]]++;
        _history = Enumerable.Range(0, lags).Select(_ => new double[_bins]).ToArray();
        _weighted = new double[cells * lags * _bins];
        _rateSum = new double[cells];
        _stimulusSum = new double[_bins];
    }

    /// <summary>Starts a new, independent stimulus stream (history from the previous one is not used).</summary>
    public void BeginStream() => _framesSeen = 0;

    /// <summary>Adds one frame (uint8 luminance) and, when <paramref name="rates"/> is not empty, the cells'
    /// rates at that frame. Frames without rates (warm-up) only fill the lag history.</summary>
    public void Add(ReadOnlySpan<byte> frame, ReadOnlySpan<float> rates)
    {
        var binned = _history[_framesSeen % _lags];
        Array.Clear(binned);
        for (int y = 0; y < FrameSpec.Height; y++)
        {
            int rowBase = _binOfRow[y] * _grid;
            var line = frame.Slice(y * FrameSpec.Width, FrameSpec.Width);
            for (int x = 0; x < FrameSpec.Width; x++) binned[rowBase + _binOfColumn[x]] += line[x];
        }
        for (int b = 0; b < _bins; b++) binned[b] /= 255.0 * _pixelsPerBin[b];
        _framesSeen++;
        if (rates.IsEmpty || _framesSeen < _lags) return;   // not enough history for every lag yet

        if (rates.Length != _cells) throw new ArgumentException($"expected {_cells} rates, got {rates.Length}");
        for (int b = 0; b < _bins; b++) _stimulusSum[b] += binned[b];
        _framesUsed++;
        for (int c = 0; c < _cells; c++)
        {
            double r = rates[c];
            if (r == 0) continue;
            _rateSum[c] += r;
            for (int l = 0; l < _lags; l++)
            {
                var s = _history[(_framesSeen - 1 - l) % _lags];
                var acc = _weighted.AsSpan((c * _lags + l) * _bins, _bins);
                for (int b = 0; b < _bins; b++) acc[b] += r * s[b];
            }
        }
    }

    public sealed record CellSta(double[] Sta, double[] Spatial, double[] Temporal, int BestLag);

    /// <summary>The STA of one cell ([lags, bins], lag 0 first) with its space–time separation.</summary>
    public CellSta Finish(int cell)
    {
        var sta = new double[_lags * _bins];
        if (_framesUsed == 0 || !(_rateSum[cell] > 0)) return new CellSta(sta, new double[_bins], new double[_lags], -1);
        for (int l = 0; l < _lags; l++)
            for (int b = 0; b < _bins; b++)
                sta[l * _bins + b] = _weighted[(cell * _lags + l) * _bins + b] / _rateSum[cell] - _stimulusSum[b] / _framesUsed;

        int best = 0; double bestEnergy = -1;
        for (int l = 0; l < _lags; l++)
        {
            double e = 0;
            for (int b = 0; b < _bins; b++) e += sta[l * _bins + b] * sta[l * _bins + b];
            if (e > bestEnergy) (best, bestEnergy) = (l, e);
        }
        var temporal = new double[_lags];
        double norm = Math.Sqrt(bestEnergy);
        for (int l = 0; l < _lags; l++)
        {
            double dot = 0;
            for (int b = 0; b < _bins; b++) dot += sta[l * _bins + b] * sta[best * _bins + b];
            temporal[l] = norm > 0 ? dot / norm : 0;
        }
        double kk = temporal.Sum(k => k * k);
        var spatial = new double[_bins];
        for (int l = 0; l < _lags; l++)
            for (int b = 0; b < _bins; b++) spatial[b] += temporal[l] * sta[l * _bins + b] / (kk > 0 ? Math.Sqrt(kk) : 1);
        return new CellSta(sta, spatial, temporal, best);
    }
}
