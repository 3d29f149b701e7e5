using static TorchSharp.torch;

namespace ViST.Trainer.Loss;

/// <summary>
/// Soft-DTW between batches of multivariate sequences, as tslearn's SoftDTWLossPyTorch computes it: the cost of
/// matching frame i of x with frame j of y is the squared Euclidean distance over all features jointly.
/// Differentiable with respect to both inputs (<see cref="SoftDtwFunction"/>).
/// </summary>
public static class SoftDtw
{
    /// <summary>Soft-DTW value per pair, shape [B]; the divergence form when <paramref name="normalize"/>.</summary>
    public static Tensor Loss(Tensor x, Tensor y, double gamma, bool normalize) =>
        normalize ? Divergence(x, y, gamma) : Value(x, y, gamma);

    /// <summary>sdtw_gamma(x, y) per pair, shape [B].</summary>
    public static Tensor Value(Tensor x, Tensor y, double gamma)
    {
        CheckPair(x, y);
        return SoftDtwFunction.apply(x, y, gamma, false);
    }

    /// <summary>
    /// The soft-DTW divergence sdtw(x, y) - (sdtw(x, x) + sdtw(y, y)) / 2 per pair, shape [B]
    /// (tslearn's normalize=True): zero when x == y, and not rewarding a prediction for being flat.
    /// </summary>
    public static Tensor Divergence(Tensor x, Tensor y, double gamma)
    {
        CheckPair(x, y);
        return SoftDtwFunction.apply(x, y, gamma, true);
    }

    static void CheckPair(Tensor x, Tensor y)
    {
        if (x.dim() != 3 || y.dim() != 3)
            throw new ArgumentException($"soft-DTW expects sequences [B, length, features], got [{string.Join(",", x.shape)}] and [{string.Join(",", y.shape)}]");
        if (x.shape[0] != y.shape[0] || x.shape[2] != y.shape[2])
            throw new ArgumentException($"soft-DTW needs the same batch size and feature count, got [{string.Join(",", x.shape)}] and [{string.Join(",", y.shape)}]");
    }
}
