namespace ViST.RetinaModel.Backbones;

/// <summary>
/// No network at all: each frame's luminance on the model's 16x16 patch grid, every 22.5x22.5-pixel patch
/// area-averaged down to side x side values (row-major within the patch), scaled from [0, 255] to [-1, 1].
/// With side 8 it is the paper's "no foundation prior" ablation; beside a pretrained backbone it gives the head
/// what ImageNet features discard and a retina encodes first: the sign and size of local luminance changes.
/// </summary>
public sealed class LuminanceBackbone : IBackbone
{
    const int PatchGrid = 16;
    readonly int _side, _bins;
    /// <summary>For each of the bins along an axis, the pixels it overlaps and the overlap fraction of the bin.</summary>
    readonly (int Pixel, float Weight)[][] _axisBins;
    readonly ThreadLocal<float[]> _rows;

    public string Name { get; }
    public int Dim => _side * _side;
    public int Grid => PatchGrid;
    public string Provider => "CPU";

    public LuminanceBackbone(string name, int side)
    {
        if (side < 1 || side > 22) throw new ArgumentException($"luminance backbone: side must be 1..22 values per patch, got {side}");
        Name = name; _side = side; _bins = PatchGrid * side;
        _axisBins = AxisBins(FrameContract.Size, _bins);
        _rows = new ThreadLocal<float[]>(() => new float[_bins * FrameContract.Size]);
    }

    static (int, float)[][] AxisBins(int pixels, int bins)
    {
        double width = (double)pixels / bins;
        return Enumerable.Range(0, bins).Select(b =>
        {
            double lo = b * width, hi = lo + width;
            var taps = new List<(int, float)>();
            for (int p = (int)Math.Floor(lo); p < Math.Min(pixels, (int)Math.Ceiling(hi)); p++)
            {
                double overlap = Math.Min(hi, p + 1) - Math.Max(lo, p);
                if (overlap > 1e-9) taps.Add((p, (float)(overlap / width)));
            }
            return taps.ToArray();
        }).ToArray();
    }

    public void Extract(ReadOnlySpan<byte> frames, int count, Span<float> features)
    {
        int per = PatchGrid * PatchGrid * Dim;
        if (count < 1 || frames.Length < count * FrameContract.Pixels || features.Length != count * per)
            throw new ArgumentException($"luminance features: {count} frames of {FrameContract.Size}x{FrameContract.Size} need a [{count},{PatchGrid * PatchGrid},{Dim}] buffer");
        for (int b = 0; b < count; b++)
            ExtractOne(frames.Slice(b * FrameContract.Pixels, FrameContract.Pixels), features.Slice(b * per, per));
    }

    void ExtractOne(ReadOnlySpan<byte> frame, Span<float> dst)
    {
        int size = FrameContract.Size, side = _side, dim = Dim;
        var rows = _rows.Value!;                          // rows averaged into bins: [bins, 360]
        Array.Clear(rows);
        for (int by = 0; by < _bins; by++)
            foreach (var (py, wy) in _axisBins[by])
            {
                var src = frame.Slice(py * size, size);
                var row = rows.AsSpan(by * size, size);
                for (int x = 0; x < size; x++) row[x] += wy * src[x];
            }
        for (int by = 0; by < _bins; by++)
            for (int bx = 0; bx < _bins; bx++)
            {
                float v = 0;
                foreach (var (px, wx) in _axisBins[bx]) v += wx * rows[by * size + px];
                int patch = by / side * PatchGrid + bx / side, k = by % side * side + bx % side;
                dst[patch * dim + k] = v / 127.5f - 1;
            }
    }

    public void Dispose() => _rows.Dispose();
}
