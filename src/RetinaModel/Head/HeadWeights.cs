using ViST.RetinaModel.IO;

namespace ViST.RetinaModel.Head;

/// <summary>
/// The upstream Vi-ST state_dict for one <see cref="HeadConfig"/>: every key with its shape, a shape check,
/// random weights of the right shapes (benchmarks, tests), and typed access for the graph builder.
/// </summary>
public static class HeadWeights
{
    /// <summary>BatchNorm3d epsilon (PyTorch default, as upstream).</summary>
    public const float BatchNormEps = 1e-5f;

    /// <summary>Every float parameter/buffer key and its shape, in upstream order.</summary>
    public static IEnumerable<(string Key, long[] Shape)> Layout(HeadConfig c)
    {
        long C = c.VideoDim, N = c.Cells;
        yield return ("stage1.conv_1x1.weight", [C, c.InputDim, 1, 1, 1]);
        yield return ("stage1.conv_1x1.bias", [C]);
        for (int i = 0; i < c.VideoLayers; i++)
        {
            string p = $"stage1.layers.{i}.";
            yield return (p + "conv_dilated.weight", [C, 1, 3, 3, 3]);
            yield return (p + "conv_dilated.bias", [C]);
            foreach (var s in new[] { "weight", "bias", "running_mean", "running_var" }) yield return (p + "norm." + s, [C]);
            yield return (p + "conv_1x1.weight", [C, C, 1, 1, 1]);
            yield return (p + "conv_1x1.bias", [C]);
        }
        yield return ("stage1.conv_out.weight", [N, C, 1, 1, 1]);
        yield return ("stage1.conv_out.bias", [N]);
        yield return ("adaln.adaLN_modulation.1.weight", [3 * N, N, 1, 1, 1]);
        yield return ("adaln.adaLN_modulation.1.bias", [3 * N]);
        yield return ("adaln.net.1.weight", [N, N, 1, 1, 1]);
        yield return ("adaln.net.1.bias", [N]);
        for (int b = 0; b < c.Windows.Length; b++)
        {
            string p = $"msb_{b + 1}.";
            for (int k = 0; k < c.Windows[b].Length; k++)
            {
                int win = c.Windows[b][k];
                yield return ($"{p}embed.{k}.0.conv.weight", win == 1 ? [N, N, 1, 3, 3] : [N, 1, win, 3, 3]);
                yield return ($"{p}embed.{k}.0.conv.bias", [N]);
            }
            yield return (p + "mapping.weight", [N, N, 1, 1, 1]);
            yield return (p + "mapping.bias", [N]);
            yield return (p + "conv1x1.weight", [N, N, 1, 1, 1]);
            yield return (p + "conv1x1.bias", [N]);
        }
        long s2 = (long)c.ReadoutSize * c.ReadoutSize;
        yield return ($"msb_{c.Windows.Length + 1}.weight", [N, N * s2]);
        yield return ($"msb_{c.Windows.Length + 1}.bias", [N]);
    }

    public static void CheckShapes(HeadConfig c, IReadOnlyDictionary<string, NdArray> w, string source)
    {
        foreach (var (key, shape) in Layout(c))
        {
            if (!w.TryGetValue(key, out var a)) throw new InvalidDataException($"{source}: missing weight '{key}' for a head with {c}");
            a.RequireShape($"{source}: weight '{key}'", shape);
        }
    }

    /// <summary>PyTorch-default-like random weights (U(+-1/sqrt(fan_in))), non-trivial BatchNorm statistics and a
    /// non-zero AdaLN, so every path of the network matters. Includes the int64 num_batches_tracked buffers.</summary>
    public static Dictionary<string, NdArray> Random(HeadConfig c, int seed)
    {
        var rng = new Random(seed);
        var w = new Dictionary<string, NdArray>();
        foreach (var (key, shape) in Layout(c))
        {
            var data = new float[NdArray.ElementCount(shape)];
            if (key.EndsWith("running_var")) Fill(data, () => 0.5f + (float)rng.NextDouble());
            else if (key.EndsWith("norm.weight")) Fill(data, () => 0.8f + 0.4f * (float)rng.NextDouble());
            else if (key.Contains(".norm.")) Fill(data, () => 0.2f * (float)(rng.NextDouble() - 0.5));
            else
            {
                long fanIn = shape.Length == 1 ? FanIn(Layout(c).First(e => e.Key == key[..^4] + "weight").Shape) : FanIn(shape);
                float bound = 1f / MathF.Sqrt(fanIn);
                Fill(data, () => bound * (2f * (float)rng.NextDouble() - 1f));
            }
            w[key] = NdArray.Of(data, shape);
        }
        for (int i = 0; i < c.VideoLayers; i++) w[$"stage1.layers.{i}.norm.num_batches_tracked"] = NdArray.Of(new long[] { 0 });
        return w;
    }

    static long FanIn(long[] weightShape) => weightShape.Skip(1).Aggregate(1L, (a, b) => a * b);

    static void Fill(float[] d, Func<float> f) { for (int i = 0; i < d.Length; i++) d[i] = f(); }

    internal static float[] F(IReadOnlyDictionary<string, NdArray> w, string key) => w[key].ToFloat32();

    /// <summary>A depthwise conv followed by eval-mode BatchNorm, folded into one conv:
    /// w' = w * g/sqrt(v+eps) per channel, b' = (b - m) * g/sqrt(v+eps) + beta.</summary>
    internal static (float[] Weight, float[] Bias) FoldBatchNorm(IReadOnlyDictionary<string, NdArray> w, string conv, string norm)
    {
        float[] cw = F(w, conv + ".weight"), cb = F(w, conv + ".bias");
        float[] g = F(w, norm + ".weight"), beta = F(w, norm + ".bias"), m = F(w, norm + ".running_mean"), v = F(w, norm + ".running_var");
        int channels = cb.Length, per = cw.Length / channels;
        var fw = new float[cw.Length];
        var fb = new float[channels];
        for (int c = 0; c < channels; c++)
        {
            double k = g[c] / Math.Sqrt(v[c] + (double)BatchNormEps);
            for (int j = 0; j < per; j++) fw[c * per + j] = (float)(cw[c * per + j] * k);
            fb[c] = (float)((cb[c] - m[c]) * k + beta[c]);
        }
        return (fw, fb);
    }

    /// <summary>[out, in] (or [out, in, 1, 1, 1]) transposed to [in, out] for MatMul.</summary>
    internal static float[] Transposed(float[] w, int rows, int cols)
    {
        var t = new float[w.Length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) t[c * rows + r] = w[r * cols + c];
        return t;
    }
}
