namespace ViST.RetinaModel.Backbones;

/// <summary>
/// Turns 360x360 uint8 frames into a backbone input [B,3,S,S] (see <see cref="Preprocessing"/>). The bilinear
/// taps are computed once; a frame costs S*S*4 multiply-adds plus the three-channel write.
/// </summary>
internal sealed class FramePreprocessor
{
    readonly Preprocessing _p;
    readonly int[] _i0, _i1;
    readonly float[] _f;           // weight of the second tap, per output coordinate (same for rows and columns)
    readonly float[] _offset;      // per channel and pixel: mean / std
    readonly float[] _gain;        // per channel: scale / std

    public int InputSize => _p.InputSize;
    public int InputValues => 3 * _p.InputSize * _p.InputSize;

    public FramePreprocessor(Preprocessing p, string what)
    {
        p.Validate(what);
        _p = p;
        int s = p.InputSize;
        (_i0, _i1, _f) = Taps(FrameContract.Size, s);
        _gain = [p.Scale / p.Std[0], p.Scale / p.Std[1], p.Scale / p.Std[2]];
        _offset = new float[3 * s * s];
        for (int c = 0; c < 3; c++)
            for (int k = 0; k < s * s; k++)
                _offset[c * s * s + k] = (p.MeanImage?[c * s * s + k] ?? p.Mean[c]) / p.Std[c];
    }

    /// <summary>Source taps of a half-pixel-centred bilinear resize from <paramref name="from"/> to <paramref name="to"/> samples.</summary>
    internal static (int[] I0, int[] I1, float[] F) Taps(int from, int to)
    {
        var i0 = new int[to]; var i1 = new int[to]; var f = new float[to];
        double ratio = (double)from / to;
        for (int o = 0; o < to; o++)
        {
            double src = Math.Max(0, (o + 0.5) * ratio - 0.5);
            int a = Math.Min((int)src, from - 1);
            i0[o] = a; i1[o] = Math.Min(a + 1, from - 1); f[o] = (float)(src - a);
        }
        return (i0, i1, f);
    }

    /// <summary>Resizes a float image with the same half-pixel bilinear rule (used for CNTK's mean image).</summary>
    internal static float[] Resize(ReadOnlySpan<float> src, int from, int to)
    {
        var (i0, i1, f) = Taps(from, to);
        var dst = new float[to * to];
        for (int y = 0; y < to; y++)
            for (int x = 0; x < to; x++)
            {
                float top = src[i0[y] * from + i0[x]] * (1 - f[x]) + src[i0[y] * from + i1[x]] * f[x];
                float bottom = src[i1[y] * from + i0[x]] * (1 - f[x]) + src[i1[y] * from + i1[x]] * f[x];
                dst[y * to + x] = top * (1 - f[y]) + bottom * f[y];
            }
        return dst;
    }

    /// <summary>Writes <paramref name="count"/> frames as [count,3,S,S] into <paramref name="dst"/>.</summary>
    public void Run(ReadOnlySpan<byte> frames, int count, Span<float> dst)
    {
        int s = _p.InputSize, plane = s * s, n = FrameContract.Pixels;
        if (frames.Length < count * n) throw new ArgumentException($"frames hold {frames.Length} bytes, {count} frames of 360x360 need {count * n}");
        if (dst.Length < count * 3 * plane) throw new ArgumentException("preprocessing output buffer too small");
        for (int b = 0; b < count; b++)
        {
            var frame = frames.Slice(b * n, n);
            var o = dst.Slice(b * 3 * plane, 3 * plane);
            for (int y = 0; y < s; y++)
            {
                int r0 = _i0[y] * FrameContract.Size, r1 = _i1[y] * FrameContract.Size;
                float fy = _f[y];
                for (int x = 0; x < s; x++)
                {
                    int c0 = _i0[x], c1 = _i1[x];
                    float fx = _f[x];
                    float top = frame[r0 + c0] + (frame[r0 + c1] - frame[r0 + c0]) * fx;
                    float bottom = frame[r1 + c0] + (frame[r1 + c1] - frame[r1 + c0]) * fx;
                    float v = top + (bottom - top) * fy;
                    int k = y * s + x;
                    o[k] = v * _gain[0] - _offset[k];
                    o[plane + k] = v * _gain[1] - _offset[plane + k];
                    o[2 * plane + k] = v * _gain[2] - _offset[2 * plane + k];
                }
            }
        }
    }
}
