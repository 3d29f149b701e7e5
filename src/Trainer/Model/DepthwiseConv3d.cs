using System.Numerics;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ViST.Trainer.Model;

/// <summary>
/// Depthwise (kt,3,3) convolution with temporal dilation d and zero padding (time: before/after, height and
/// width: s on each side) on channels-last activations [B, T, H, W, C]:
///   out[b,t,h,w,c] = bias[c] + sum over (a,u,v) of weight[c,0,a,u,v] * x[b, t + a d - before, h + u - s, w + v - s, c],
/// with x zero outside its bounds. Why hand-written: without oneDNN, libtorch's CPU Conv3d runs a depthwise conv
/// as one slow reference convolution per channel, and the same sum written as tensor ops makes 9 kt full passes
/// over memory (twice that backwards). Here one pass keeps each row of C channels in cache, uses SIMD over
/// channels, and never materialises the padded input.
/// On CUDA (and for dtypes other than float32/float64) libtorch's F.pad + Conv3d are used instead; cuDNN reads
/// the channels-last layout directly.
/// </summary>
sealed class DepthwiseConv3d : autograd.SingleTensorFunction<DepthwiseConv3d>
{
    public override string Name => "DepthwiseConv3dChannelsLast";

    /// <summary>Runs the convolution; <paramref name="weight"/> [C, 1, kt, 3, 3] and <paramref name="bias"/> [C]
    /// are a depthwise Conv3d's parameters.</summary>
    public static Tensor Apply(Tensor x, Tensor weight, Tensor bias, long dilation, long padBefore, long padAfter, long padSpace)
    {
        bool kernelFits = x.device_type == DeviceType.CPU && weight.dtype == x.dtype && bias.dtype == x.dtype
                          && x.dtype is ScalarType.Float32 or ScalarType.Float64;
        if (!kernelFits)
        {
            var padded = F.pad(x, [0, 0, padSpace, padSpace, padSpace, padSpace, padBefore, padAfter]);
            var first = F.conv3d(padded.permute(0, 4, 1, 2, 3), weight, bias, dilation: [dilation, 1, 1], groups: weight.shape[0]);
            return first.permute(0, 2, 3, 4, 1);
        }
        // The kernel addresses each tensor as one Span (at most 2 GiB), so very long inputs go a few samples at a time.
        var g = Geometry.Of(x.shape, weight.shape, dilation, padBefore, padAfter, padSpace);
        long sampleBytes = Math.Max(g.T * g.H * g.W, g.Ti * g.Hi * g.Wi) * g.C * (x.dtype == ScalarType.Float64 ? 8 : 4);
        if (sampleBytes > int.MaxValue)
            throw new ArgumentException($"depthwise conv: one sample of [{string.Join(",", x.shape)}] exceeds 2 GiB; run shorter sequences");
        long perChunk = Math.Max(1, int.MaxValue / sampleBytes);
        if (g.B <= perChunk) return apply(x, weight, bias, g);
        return cat(x.split(perChunk, 0).Select(part => apply(part, weight, bias, g with { B = part.shape[0] })).ToList(), 0);
    }

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var x = ((Tensor)vars[0]).contiguous();
        var weight = (Tensor)vars[1];
        var bias = (Tensor)vars[2];
        var g = (Geometry)vars[3];
        var taps = TapMajor(weight);
        ctx.save_for_backward([x, taps]);
        ctx.save_data("geometry", g);
        var output = empty([g.B, g.T, g.H, g.W, g.C], dtype: x.dtype);
        if (x.dtype == ScalarType.Float64) Forward<double>(g, x, taps, bias.contiguous(), output);
        else Forward<float>(g, x, taps, bias.contiguous(), output);
        return output;
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
    {
        var saved = ctx.get_saved_variables();
        Tensor x = saved[0], taps = saved[1];
        var g = (Geometry)ctx.get_data("geometry");
        var grad = gradOutput.contiguous();
        var gradX = empty(x.shape, dtype: x.dtype);
        var gradTaps = zeros(taps.shape, dtype: x.dtype);
        var gradBias = zeros(g.C, dtype: x.dtype);
        if (x.dtype == ScalarType.Float64) Backward<double>(g, x, taps, grad, gradX, gradTaps, gradBias);
        else Backward<float>(g, x, taps, grad, gradX, gradTaps, gradBias);
        var gradWeight = gradTaps.t().reshape(g.C, 1, g.Kt, 3, 3);
        return [gradX, gradWeight, gradBias, null!];
    }

    /// <summary>Weight [C, 1, kt, 3, 3] as [kt*9, C]: one contiguous row of channel weights per tap (a, u, v).</summary>
    static Tensor TapMajor(Tensor weight) => weight.detach().flatten(1).t().contiguous();

    /// <summary>Input sizes (Ti, Hi, Wi), kernel, dilation and padding; output sizes (T, H, W) follow.</summary>
    readonly record struct Geometry(long B, long Ti, long Hi, long Wi, long C, long Kt, long Dilation, long PadBefore, long PadAfter, long PadSpace)
    {
        public long T => Ti + PadBefore + PadAfter - Dilation * (Kt - 1);
        public long H => Hi + 2 * PadSpace - 2;
        public long W => Wi + 2 * PadSpace - 2;

        public static Geometry Of(long[] x, long[] weight, long dilation, long before, long after, long space)
        {
            if (x.Length != 5 || weight.Length != 5)
                throw new ArgumentException($"depthwise conv: input [{string.Join(",", x)}] and weight [{string.Join(",", weight)}] must be 5-D");
            var g = new Geometry(x[0], x[1], x[2], x[3], x[4], weight[2], dilation, before, after, space);
            if (weight[0] != g.C || weight[1] != 1 || weight[3] != 3 || weight[4] != 3 || g.T < 1 || g.H < 1 || g.W < 1)
                throw new ArgumentException($"depthwise conv: input [{string.Join(",", x)}] does not fit weight [{string.Join(",", weight)}] with dilation {dilation}");
            return g;
        }

        /// <summary>Offset of the channel row at input (b, t, h, w), or -1 where that lies in the zero padding.</summary>
        public long InputRow(long b, long t, long h, long w) =>
            t < 0 || t >= Ti || h < 0 || h >= Hi || w < 0 || w >= Wi ? -1 : (((b * Ti + t) * Hi + h) * Wi + w) * C;

        /// <summary>Offset of the channel row at output (b, t, h, w), or -1 outside the output.</summary>
        public long OutputRow(long b, long t, long h, long w) =>
            t < 0 || t >= T || h < 0 || h >= H || w < 0 || w >= W ? -1 : (((b * T + t) * H + h) * W + w) * C;
    }

    static Span<T> Data<T>(Tensor t) where T : unmanaged => MemoryMarshal.Cast<byte, T>(t.bytes);

    static void Forward<T>(Geometry g, Tensor xt, Tensor tapsT, Tensor biasT, Tensor outT) where T : unmanaged, INumber<T>
    {
        int c = (int)g.C;
        Parallel.For(0, g.B * g.T, row =>
        {
            long b = row / g.T, t = row % g.T;
            ReadOnlySpan<T> x = Data<T>(xt), taps = Data<T>(tapsT), bias = Data<T>(biasT);
            var output = Data<T>(outT);
            for (long h = 0; h < g.H; h++)
                for (long w = 0; w < g.W; w++)
                {
                    var acc = output.Slice((int)g.OutputRow(b, t, h, w), c);
                    bias.CopyTo(acc);
                    for (long a = 0; a < g.Kt; a++)
                        for (long u = 0; u < 3; u++)
                            for (long v = 0; v < 3; v++)
                            {
                                long from = g.InputRow(b, t + a * g.Dilation - g.PadBefore, h + u - g.PadSpace, w + v - g.PadSpace);
                                if (from >= 0) MulAdd(taps.Slice((int)((a * 9 + u * 3 + v) * c), c), x.Slice((int)from, c), acc);
                            }
                }
        });
    }

    static void Backward<T>(Geometry g, Tensor xt, Tensor tapsT, Tensor gradT, Tensor gradXT, Tensor gradTapsT, Tensor gradBiasT)
        where T : unmanaged, INumber<T>
    {
        int c = (int)g.C, nTaps = (int)(9 * g.Kt);
        // d/dx: every input position gathers from the outputs it fed (no write conflicts between rows).
        Parallel.For(0, g.B * g.Ti, row =>
        {
            long b = row / g.Ti, ti = row % g.Ti;
            ReadOnlySpan<T> taps = Data<T>(tapsT), grad = Data<T>(gradT);
            var gradX = Data<T>(gradXT);
            for (long hi = 0; hi < g.Hi; hi++)
                for (long wi = 0; wi < g.Wi; wi++)
                {
                    var acc = gradX.Slice((int)g.InputRow(b, ti, hi, wi), c);
                    acc.Clear();
                    for (long a = 0; a < g.Kt; a++)
                        for (long u = 0; u < 3; u++)
                            for (long v = 0; v < 3; v++)
                            {
                                long to = g.OutputRow(b, ti + g.PadBefore - a * g.Dilation, hi + g.PadSpace - u, wi + g.PadSpace - v);
                                if (to >= 0) MulAdd(taps.Slice((int)((a * 9 + u * 3 + v) * c), c), grad.Slice((int)to, c), acc);
                            }
                }
        });
        // d/dweight and d/dbias: partial sums over fixed blocks of output rows, added up in block order, so the
        // result does not depend on thread scheduling (training is reproducible and a resumed run matches).
        var gradTaps = Data<T>(gradTapsT).ToArray();
        var gradBias = Data<T>(gradBiasT).ToArray();
        long rows = g.B * g.T;
        int blocks = (int)Math.Min(rows, 16);
        var partTaps = new T[blocks][];
        var partBias = new T[blocks][];
        Parallel.For(0, blocks, k =>
        {
            var taps = partTaps[k] = new T[nTaps * c];
            var bias = partBias[k] = new T[c];
            ReadOnlySpan<T> x = Data<T>(xt), grad = Data<T>(gradT);
            for (long row = rows * k / blocks; row < rows * (k + 1) / blocks; row++)
            {
                long b = row / g.T, t = row % g.T;
                for (long h = 0; h < g.H; h++)
                    for (long w = 0; w < g.W; w++)
                    {
                        var gRow = grad.Slice((int)g.OutputRow(b, t, h, w), c);
                        Add(gRow, bias);
                        for (long a = 0; a < g.Kt; a++)
                            for (long u = 0; u < 3; u++)
                                for (long v = 0; v < 3; v++)
                                {
                                    long from = g.InputRow(b, t + a * g.Dilation - g.PadBefore, h + u - g.PadSpace, w + v - g.PadSpace);
                                    if (from >= 0) MulAdd(gRow, x.Slice((int)from, c), taps.AsSpan((int)((a * 9 + u * 3 + v) * c), c));
                                }
                    }
            }
        });
        for (int k = 0; k < blocks; k++)
        {
            Add(partTaps[k], gradTaps);
            Add(partBias[k], gradBias);
        }
        gradTaps.AsSpan().CopyTo(Data<T>(gradTapsT));
        gradBias.AsSpan().CopyTo(Data<T>(gradBiasT));
    }

    /// <summary>acc += a * b, element-wise (SIMD over the channel row).</summary>
    static void MulAdd<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> acc) where T : unmanaged, INumber<T>
    {
        var va = MemoryMarshal.Cast<T, Vector<T>>(a);
        var vb = MemoryMarshal.Cast<T, Vector<T>>(b);
        var vacc = MemoryMarshal.Cast<T, Vector<T>>(acc);
        for (int i = 0; i < vacc.Length; i++) vacc[i] += va[i] * vb[i];
        for (int i = vacc.Length * Vector<T>.Count; i < acc.Length; i++) acc[i] += a[i] * b[i];
    }

    /// <summary>acc += a, element-wise.</summary>
    static void Add<T>(ReadOnlySpan<T> a, Span<T> acc) where T : unmanaged, INumber<T>
    {
        var va = MemoryMarshal.Cast<T, Vector<T>>(a);
        var vacc = MemoryMarshal.Cast<T, Vector<T>>(acc);
        for (int i = 0; i < vacc.Length; i++) vacc[i] += va[i];
        for (int i = vacc.Length * Vector<T>.Count; i < acc.Length; i++) acc[i] += a[i];
    }
}
