using ViST.RetinaModel.Backbones;

namespace ViST.Trainer.Training;

/// <summary>
/// The "no foundation prior" features (ablation "Remove DINOv2 prior"): no network at all, each frame's raw
/// luminance on the model's 16x16 patch grid. Every 22.5x22.5-pixel patch is area-averaged down to 8x8 values,
/// giving 64 features per patch (row-major within the patch), scaled from [0, 255] to [-1, 1].
/// </summary>
public static class PixelFeatures
{
    public const string Preset = "pixels";
    public const int Grid = 16, Side = 8, Dim = Side * Side;
    const int Bins = Grid * Side;                         // 128 bins along each axis of the 360-pixel frame

    /// <summary>For each of the 128 bins along an axis, the pixels it overlaps and the overlap fraction of the bin.</summary>
    static readonly (int Pixel, float Weight)[][] AxisBins = BuildAxisBins(FrameContract.Size);

    static (int, float)[][] BuildAxisBins(int pixels)
    {
        double width = (double)pixels / Bins;
        return Enumerable.Range(0, Bins).Select(b =>
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

    /// <summary>One 360x360 frame to [256 patches, 64] features in <paramref name="dst"/>.</summary>
    public static void Extract(ReadOnlySpan<byte> frame, Span<float> dst)
    {
        if (frame.Length != FrameContract.Pixels || dst.Length != Grid * Grid * Dim)
            throw new ArgumentException($"pixel features: expected a {FrameContract.Size}x{FrameContract.Size} frame and room for {Grid * Grid}x{Dim} values");
        int size = FrameContract.Size;
        var rows = new float[Bins * size];                // rows averaged into bins: [128, 360]
        for (int by = 0; by < Bins; by++)
            foreach (var (py, wy) in AxisBins[by])
                for (int x = 0; x < size; x++) rows[by * size + x] += wy * frame[py * size + x];
        for (int by = 0; by < Bins; by++)
            for (int bx = 0; bx < Bins; bx++)
            {
                float v = 0;
                foreach (var (px, wx) in AxisBins[bx]) v += wx * rows[by * size + px];
                int patch = by / Side * Grid + bx / Side, k = by % Side * Side + bx % Side;
                dst[patch * Dim + k] = v / 127.5f - 1;
            }
    }
}
