using System.Collections.Concurrent;
using TorchSharp;
using static TorchSharp.torch;

namespace ViST.Trainer.Loss;

/// <summary>
/// Soft-DTW as a TorchSharp autograd function of a batch of cost matrices D [B, m, n] (any float dtype, any
/// device): returns R[m, n] per pair, shape [B]; backward is the E-matrix recursion. The pairs are computed in
/// float64 on the CPU, in parallel over the batch (training uses many small pairs).
///
/// It reproduces tslearn's _SoftDTWLossPyTorch bit for bit where that matters: tslearn hands the DP table and
/// the gradient back through torch.Tensor(...), which stores them as float32, and its backward reads gamma from
/// a float32 tensor. The table R is rounded to float32 before the backward recursion uses it, which changes
/// gradients by up to ~1e-3 relative for long, costly pairs, so the rounding is kept on purpose.
/// Call as <c>SoftDtwFunction.apply(d, gamma)</c>.
/// </summary>
internal sealed class SoftDtwFunction : autograd.SingleTensorFunction<SoftDtwFunction>
{
    public override string Name => "SoftDTW";

    sealed record Saved(double[] D, double[] R, int Batch, int M, int N, double Gamma, ScalarType DType, Device Device);

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var costs = (Tensor)vars[0];
        double gamma = Convert.ToDouble(vars[1]);
        if (costs.dim() != 3) throw new ArgumentException($"soft-DTW expects costs [B, m, n], got [{string.Join(",", costs.shape)}]");
        if (!(gamma > 0)) throw new ArgumentException($"soft-DTW gamma must be > 0, got {gamma}");
        int batch = (int)costs.shape[0], m = (int)costs.shape[1], n = (int)costs.shape[2];
        double[] d = ToDoubles(costs);
        int cells = m * n, table = (m + 2) * (n + 2);
        var r = new double[(long)batch * table];
        var values = new double[batch];
        ForEachPair(batch, cells, b =>
        {
            var rb = r.AsSpan(b * table, table);
            SoftDtwKernel.Forward(d.AsSpan(b * cells, cells), m, n, gamma, rb);
            for (int k = 0; k < rb.Length; k++) rb[k] = UpstreamFloat32(rb[k]);
            values[b] = rb[m * (n + 2) + n];
        });
        ctx.save_data("saved", new Saved(d, r, batch, m, n, UpstreamFloat32(gamma), costs.dtype, costs.device));
        return torch.tensor(values, dtype: ScalarType.Float64).to(costs.dtype).to(costs.device);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
    {
        var s = (Saved)ctx.get_data("saved");
        int cells = s.M * s.N, table = (s.M + 2) * (s.N + 2);
        var grad = new double[(long)s.Batch * cells];
        ForEachPair(s.Batch, cells, b =>
        {
            var e = new double[table];
            var gb = grad.AsSpan(b * cells, cells);
            SoftDtwKernel.Backward(s.D.AsSpan(b * cells, cells), s.R.AsSpan(b * table, table), s.M, s.N, s.Gamma, e, gb);
            for (int k = 0; k < gb.Length; k++) gb[k] = UpstreamFloat32(gb[k]);
        });
        var e = torch.tensor(grad, new long[] { s.Batch, s.M, s.N }, ScalarType.Float64).to(s.DType).to(s.Device);
        return [gradOutput.view(-1, 1, 1) * e, null!];
    }

    /// <summary>What tslearn's float32 round trip (torch.Tensor(numpy float64)) leaves of a float64 value.</summary>
    static double UpstreamFloat32(double v) => (double)(float)v;

    static double[] ToDoubles(Tensor t)
    {
        using var c = t.detach().to(ScalarType.Float64).cpu().contiguous();
        return c.data<double>().ToArray();
    }

    /// <summary>Runs <paramref name="body"/> for every pair, in parallel chunks big enough to pay for a thread hop.</summary>
    static void ForEachPair(int batch, int cellsPerPair, Action<int> body)
    {
        const int CellsPerChunk = 4096;
        int chunk = Math.Max(1, CellsPerChunk / Math.Max(1, cellsPerPair));
        if (batch <= chunk) { for (int b = 0; b < batch; b++) body(b); return; }
        Parallel.ForEach(Partitioner.Create(0, batch, chunk), range =>
        {
            for (int b = range.Item1; b < range.Item2; b++) body(b);
        });
    }
}
