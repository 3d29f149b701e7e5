using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace ViST.Trainer.Loss;

/// <summary>
/// Soft-DTW with squared-Euclidean costs as one TorchSharp autograd function of two batches of sequences,
/// x [B, m, d] and y [B, n, d] (float32 or float64, any device). Returns per pair, shape [B], either sdtw(x, y)
/// or, with normalize, the divergence sdtw(x, y) - (sdtw(x, x) + sdtw(y, y)) / 2; backpropagates to x and y.
/// Costs, recursions (<see cref="SoftDtwKernel"/>) and the cost gradient run in float64 on the CPU, in parallel
/// over the batch: training uses many small pairs, where tensor ops on a [B, m, n, d] difference tensor and
/// their copies would cost far more than the recursion itself.
///
/// It reproduces tslearn's SoftDTWLossPyTorch where that matters: costs are rounded to float32 for float32
/// inputs (tslearn builds them in the input's dtype); the DP table and its gradient are rounded to float32
/// (tslearn hands them back through torch.Tensor(numpy), which is float32) and the backward uses gamma rounded
/// to float32 (read back from a float32 tensor). Rounding R matters: without it gradients differ by up to ~1e-3
/// relative for long, costly pairs. Call as <c>SoftDtwFunction.apply(x, y, gamma, normalize)</c>.
/// Only what must cross between device and host does: the sequences go to the CPU once, the values come back, and in
/// the backward only the gradients of inputs that need one (in training the prediction's, not the target's), whose
/// terms alone are differentiated (the divergence's sdtw(y, y) term is skipped for a target).
/// </summary>
internal sealed class SoftDtwFunction : autograd.SingleTensorFunction<SoftDtwFunction>
{
    public override string Name => "SoftDTW";

    enum Side { X, Y }

    /// <summary>One soft-DTW of the function: which sequences it compares and its weight in the result.</summary>
    sealed record Term(Side Left, Side Right, double Weight);

    static readonly Term[] Plain = [new(Side.X, Side.Y, 1)];
    static readonly Term[] Normalised = [new(Side.X, Side.Y, 1), new(Side.X, Side.X, -0.5), new(Side.Y, Side.Y, -0.5)];

    sealed record Saved(double[] X, double[] Y, Term[] Terms, double[][] D, double[][] R, int Batch, int M, int N,
        int Features, double Gamma, ScalarType DType, Device Device, bool[] NeedsGrad);

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var x = (Tensor)vars[0];
        var y = (Tensor)vars[1];
        double gamma = Convert.ToDouble(vars[2]);
        var terms = (bool)vars[3] ? Normalised : Plain;
        if (x.dim() != 3 || y.dim() != 3 || x.shape[0] != y.shape[0] || x.shape[2] != y.shape[2])
            throw new ArgumentException($"soft-DTW expects x [B, m, d] and y [B, n, d], got [{string.Join(",", x.shape)}] and [{string.Join(",", y.shape)}]");
        if (!(gamma > 0)) throw new ArgumentException($"soft-DTW gamma must be > 0, got {gamma}");
        int batch = (int)x.shape[0], f = (int)x.shape[2];
        int[] length = [(int)x.shape[1], (int)y.shape[1]];
        bool single = x.dtype != ScalarType.Float64 || y.dtype != ScalarType.Float64;
        double[][] seq = [ToDoubles(x), ToDoubles(y)];

        var d = new double[terms.Length][];
        var r = new double[terms.Length][];
        for (int t = 0; t < terms.Length; t++)
        {
            int m = length[(int)terms[t].Left], n = length[(int)terms[t].Right];
            d[t] = new double[(long)batch * m * n];
            r[t] = new double[(long)batch * (m + 2) * (n + 2)];
        }
        var values = new double[batch];
        int work = terms.Sum(t => length[(int)t.Left] * length[(int)t.Right]) * (f + 8);
        ForEachPair(batch, work, b =>
        {
            Span<double> v = stackalloc double[terms.Length];
            for (int t = 0; t < terms.Length; t++)
            {
                var (left, right) = ((int)terms[t].Left, (int)terms[t].Right);
                int m = length[left], n = length[right], table = (m + 2) * (n + 2);
                var db = d[t].AsSpan(b * m * n, m * n);
                SquaredEuclidean(seq[left].AsSpan(b * m * f, m * f), seq[right].AsSpan(b * n * f, n * f), f, db);
                if (single) RoundToFloat32(db);
                var rb = r[t].AsSpan(b * table, table);
                SoftDtwKernel.Forward(db, m, n, gamma, rb);
                RoundToFloat32(rb);
                v[t] = rb[m * (n + 2) + n];
            }
            // xy - 1/2 (xx + yy), rounded like upstream's tensor arithmetic in the input's dtype
            values[b] = terms.Length == 1 ? v[0] : Precision(v[0] - 0.5 * Precision(v[1] + v[2], single), single);
        });
        ctx.save_data("saved", new Saved(seq[0], seq[1], terms, d, r, batch, length[0], length[1], f, (float)gamma, x.dtype, x.device,
            [x.requires_grad, y.requires_grad]));
        return torch.tensor(values, dtype: ScalarType.Float64).to(x.dtype).to(x.device);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
    {
        var s = (Saved)ctx.get_data("saved");
        int f = s.Features;
        int[] length = [s.M, s.N];
        double[][] seq = [s.X, s.Y];
        double[][] grads = [new double[(long)s.Batch * s.M * f], new double[(long)s.Batch * s.N * f]];
        double[] upstream = ToDoubles(gradOutput.reshape(-1));
        int[] needed = Enumerable.Range(0, s.Terms.Length)
            .Where(t => s.NeedsGrad[(int)s.Terms[t].Left] || s.NeedsGrad[(int)s.Terms[t].Right]).ToArray();
        int work = needed.Sum(t => length[(int)s.Terms[t].Left] * length[(int)s.Terms[t].Right]) * (2 * f + 8);
        ForEachPair(s.Batch, work, b =>
        {
            foreach (int t in needed)
            {
                var (left, right) = ((int)s.Terms[t].Left, (int)s.Terms[t].Right);
                int m = length[left], n = length[right], table = (m + 2) * (n + 2);
                var e = new double[table];
                var dr = new double[m * n];
                SoftDtwKernel.Backward(s.D[t].AsSpan(b * m * n, m * n), s.R[t].AsSpan(b * table, table), m, n, s.Gamma, e, dr);
                AccumulateCostGradient(dr, s.Terms[t].Weight * upstream[b],
                    seq[left].AsSpan(b * m * f, m * f), seq[right].AsSpan(b * n * f, n * f),
                    grads[left].AsSpan(b * m * f, m * f), grads[right].AsSpan(b * n * f, n * f), f);
            }
        });
        return [s.NeedsGrad[0] ? Back(grads[0], s.Batch, s.M, f, s) : null!, s.NeedsGrad[1] ? Back(grads[1], s.Batch, s.N, f, s) : null!, null!, null!];
    }

    /// <summary>
    /// d cost(i,j) / d a_i = 2 (a_i - b_j) = -d cost(i,j) / d b_j, weighted by the float32 dR/dcost as upstream.
    /// For xx / yy both sides are the same sequence and its gradient buffer, which sums both contributions.
    /// </summary>
    static void AccumulateCostGradient(double[] dr, double scale, ReadOnlySpan<double> a, ReadOnlySpan<double> b,
        Span<double> ga, Span<double> gb, int f)
    {
        int m = a.Length / f, n = b.Length / f;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double w = 2 * (double)(float)dr[i * n + j] * scale;
                if (w != 0) AddScaledDifference(w, a.Slice(i * f, f), b.Slice(j * f, f), ga.Slice(i * f, f), gb.Slice(j * f, f));
            }
    }

    /// <summary>ga += w (a - b); gb -= w (a - b), in SIMD vectors and a scalar tail.</summary>
    static void AddScaledDifference(double w, ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> ga, Span<double> gb)
    {
        var va = MemoryMarshal.Cast<double, Vector<double>>(a);
        var vb = MemoryMarshal.Cast<double, Vector<double>>(b);
        var vga = MemoryMarshal.Cast<double, Vector<double>>(ga);
        var vgb = MemoryMarshal.Cast<double, Vector<double>>(gb);
        for (int k = 0; k < va.Length; k++)
        {
            var g = w * (va[k] - vb[k]);
            vga[k] += g;
            vgb[k] -= g;
        }
        for (int k = va.Length * Vector<double>.Count; k < a.Length; k++)
        {
            double g = w * (a[k] - b[k]);
            ga[k] += g;
            gb[k] -= g;
        }
    }

    static Tensor Back(double[] grad, int batch, int length, int features, Saved s) =>
        torch.tensor(grad, new long[] { batch, length, features }, ScalarType.Float64).to(s.DType).to(s.Device);

    /// <summary>cost[i, j] = sum_k (a[i, k] - b[j, k])^2 for a [m, f], b [n, f].</summary>
    static void SquaredEuclidean(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int f, Span<double> cost)
    {
        int m = a.Length / f, n = b.Length / f;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                cost[i * n + j] = SquaredDistance(a.Slice(i * f, f), b.Slice(j * f, f));
    }

    static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var va = MemoryMarshal.Cast<double, Vector<double>>(a);
        var vb = MemoryMarshal.Cast<double, Vector<double>>(b);
        var acc = Vector<double>.Zero;
        for (int k = 0; k < va.Length; k++)
        {
            var diff = va[k] - vb[k];
            acc += diff * diff;
        }
        double sum = Vector.Sum(acc);
        for (int k = va.Length * Vector<double>.Count; k < a.Length; k++) sum += (a[k] - b[k]) * (a[k] - b[k]);
        return sum;
    }

    static double Precision(double v, bool single) => single ? (float)v : v;

    /// <summary>What tslearn's float32 round trip (torch.Tensor(numpy float64)) leaves of float64 values.</summary>
    static void RoundToFloat32(Span<double> v)
    {
        for (int k = 0; k < v.Length; k++) v[k] = (float)v[k];
    }

    /// <summary>The tensor's values as float64, read straight from its CPU memory (no libtorch conversion pass).</summary>
    static double[] ToDoubles(Tensor t)
    {
        using var c = t.detach().cpu().contiguous();
        if (c.dtype == ScalarType.Float64) return MemoryMarshal.Cast<byte, double>(c.bytes).ToArray();
        if (c.dtype != ScalarType.Float32)
        {
            using var wide = c.to(ScalarType.Float64);
            return MemoryMarshal.Cast<byte, double>(wide.bytes).ToArray();
        }
        var floats = MemoryMarshal.Cast<byte, float>(c.bytes);
        var data = new double[floats.Length];
        for (int i = 0; i < data.Length; i++) data[i] = floats[i];
        return data;
    }

    /// <summary>Runs <paramref name="body"/> for every pair, in parallel chunks big enough to pay for a thread hop.</summary>
    static void ForEachPair(int batch, int workPerPair, Action<int> body)
    {
        const int WorkPerChunk = 1 << 16;
        int chunk = Math.Max(1, WorkPerChunk / Math.Max(1, workPerPair));
        if (batch <= chunk) { for (int b = 0; b < batch; b++) body(b); return; }
        Parallel.ForEach(Partitioner.Create(0, batch, chunk), range =>
        {
            for (int b = range.Item1; b < range.Item2; b++) body(b);
        });
    }
}
