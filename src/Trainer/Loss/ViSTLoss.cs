using static TorchSharp.torch;

namespace ViST.Trainer.Loss;

/// <summary>The terms of <see cref="ViSTLoss"/>. The soft-DTW terms are the mean divergence over windows and batch
/// (before the 5e-6 weight), or null when the sequence is too short for that window (see ViSTLoss).</summary>
public sealed record ViSTLossTerms(Tensor Loss, Tensor Rmse, Tensor NegRelu, Tensor? SdtwShort, Tensor? SdtwLong);

/// <summary>
/// The authors' training loss (src/loss/ViSTloss.py), term for term:
/// 0.1 RMSE + 0.5 mean(ReLU(-yhat)) + 0.5e-5 mean SDTW-divergence over windows of T/20 + the same for T/10,
/// windows starting at range(0, T - w, w/2) (the last possible window excluded), soft-DTW gamma 0.1.
/// Upstream crashes when a window's stride w/2 is 0 (T &lt; 40 for T/20, T &lt; 20 for T/10); here such a term is
/// left out, with a warning on stderr the first time.
/// </summary>
public static class ViSTLoss
{
    public const double RmseWeight = 0.1, NegReluWeight = 0.5, SdtwWeight = 0.5 * 1e-5, Gamma = 0.1;
    static int _warned;

    /// <summary>yhat [B, cells, T] (the model's layout), y [B, T, cells] (the target's layout).</summary>
    public static Tensor Compute(Tensor yhat, Tensor y) => Terms(yhat, y).Loss;

    /// <summary>The ablation "Replace loss by RMSE": RMSE alone, unweighted (AdamW's steps hardly depend on a
    /// constant factor), no negative-rate penalty, no soft-DTW. Same layouts as <see cref="Compute"/>.</summary>
    public static Tensor RmseOnly(Tensor yhat, Tensor y) => Terms(yhat, y, withSdtw: false).Rmse;

    /// <summary>The "vist-balanced" objective: the authors' loss on each cell's prediction and target multiplied
    /// by its weight (<paramref name="cellWeights"/> [cells], see Training.CellBalance), so each cell's error counts
    /// relative to the size of its own rates. Same layouts as <see cref="Compute"/>.</summary>
    public static Tensor Balanced(Tensor yhat, Tensor y, Tensor cellWeights) =>
        Compute(yhat * cellWeights.view(1, -1, 1), y * cellWeights.view(1, 1, -1));

    public static ViSTLossTerms Terms(Tensor yhat, Tensor y) => Terms(yhat, y, withSdtw: true);

    static ViSTLossTerms Terms(Tensor yhat, Tensor y, bool withSdtw)
    {
        if (yhat.dim() != 3 || y.dim() != 3 || yhat.shape[0] != y.shape[0] || yhat.shape[1] != y.shape[2] || yhat.shape[2] != y.shape[1])
            throw new ArgumentException($"the Vi-ST loss expects yhat [B, cells, T] and y [B, T, cells], got [{string.Join(",", yhat.shape)}] and [{string.Join(",", y.shape)}]");
        var pred = yhat.permute(0, 2, 1);                        // [B, T, cells], as upstream
        int steps = (int)pred.shape[1];
        var rmse = nn.functional.mse_loss(pred, y).sqrt();
        var negRelu = nn.functional.relu(-yhat).mean();
        var loss = RmseWeight * rmse + NegReluWeight * negRelu;
        if (!withSdtw) return new ViSTLossTerms(loss, rmse, negRelu, null, null);
        var shortTerm = WindowedDivergence(pred, y, steps / 20);
        var longTerm = WindowedDivergence(pred, y, steps / 10);
        if (shortTerm is not null) loss = loss + SdtwWeight * shortTerm;
        if (longTerm is not null) loss = loss + SdtwWeight * longTerm;
        if ((shortTerm is null || longTerm is null) && Interlocked.Exchange(ref _warned, 1) == 0)
        {
            string left = shortTerm is null && longTerm is null ? "both soft-DTW terms" : "the soft-DTW term over windows of T/20";
            Console.Error.WriteLine($"warning: Vi-ST loss: T = {steps} frames is too short for {left} (upstream crashes " +
                "below T = 40); left out of the loss");
        }
        return new ViSTLossTerms(loss, rmse, negRelu, shortTerm, longTerm);
    }

    /// <summary>Mean soft-DTW divergence over all windows of <paramref name="window"/> frames and the batch, or
    /// null when the stride window/2 is 0.</summary>
    static Tensor? WindowedDivergence(Tensor pred, Tensor y, int window) =>
        WindowPairs(pred, y, window) is var (x, t) ? SoftDtw.Divergence(x, t, Gamma).mean() : null;

    /// <summary>
    /// The loss's windows of <paramref name="window"/> frames, starting at range(0, T - window, window / 2), of both
    /// [B, T, C] sequences, stacked batch-major to [B * windows, window, C]; null when the stride is 0.
    /// </summary>
    internal static (Tensor Pred, Tensor Target)? WindowPairs(Tensor pred, Tensor y, int window)
    {
        int stride = window / 2;
        if (stride == 0) return null;
        int steps = (int)pred.shape[1];
        int count = (steps - window + stride - 1) / stride;     // len(range(0, T - w, stride))
        return (Windows(pred, window, stride, count), Windows(y, window, stride, count));
    }

    /// <summary>[B, T, C] -> [B * count, window, C]: the first <paramref name="count"/> windows, batch-major.</summary>
    static Tensor Windows(Tensor seq, int window, int stride, int count)
    {
        var w = seq.unfold(1, window, stride)[.., ..count];     // [B, count, C, window]
        return w.permute(0, 1, 3, 2).reshape(-1, window, seq.shape[2]);
    }
}
