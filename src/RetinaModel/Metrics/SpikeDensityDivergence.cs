namespace ViST.RetinaModel.Metrics;

/// <summary>How two peak-width densities are compared.</summary>
public enum DensityDivergence
{
    /// <summary>Kullback-Leibler KL(target || prediction): SD-KL.</summary>
    KullbackLeibler,
    /// <summary>Total variation distance: SD-TVD.</summary>
    TotalVariation,
}

/// <summary>
/// SD-KL / SD-TVD, the authors' spike-density divergence (src/metrics/spike_kde_divergence.py with its defaults),
/// following their code rather than the poster's Algorithm 1 (see vist-upstream.md section 3.2):
/// negatives set to 0; peaks found on the unclipped signal (every local maximum, scipy find_peaks(height=0));
/// their full widths at the higher base (rel_height = high_cut = 1) measured on min(signal, high_cut);
/// a Gaussian KDE of each width set with kernel sigma = 0.25 * std (the bandwidth factor 0.5 applied twice),
/// both evaluated on one 200-point grid spanning the union of widths +- 3 * (0.5 * Scott bandwidth of the union);
/// KL on densities normalised to sum 1, TVD on the raw density values (see TotalVariation). Fewer than two
/// peaks in either signal, or widths that are all equal, give +inf; in the per-neuron summary inf and NaN become 1000 and finite scores are not clipped.
/// </summary>
public static class SpikeDensityDivergence
{
    public const double BandwidthFactor = 0.5, HighCut = 1.0, Unscorable = 1000;
    public const int GridPoints = 200;

    /// <summary>Per-neuron scores (inf/NaN replaced by 1000, -inf by 0) and their mean, for series [neuron][time].</summary>
    public static MetricSummary PerNeuron(double[][] prediction, double[][] target, DensityDivergence divergence)
    {
        NeuronSeries.CheckSameShape(prediction, target);
        var scores = new double[prediction.Length];
        Parallel.For(0, scores.Length, c => scores[c] = ReplaceNonFinite(Score(prediction[c], target[c], divergence)));
        return new MetricSummary(scores, scores.Average());
    }

    /// <summary>The raw score of one neuron: may be +inf (unscorable) or NaN.</summary>
    public static double Score(IReadOnlyList<double> prediction, IReadOnlyList<double> target, DensityDivergence divergence)
    {
        var predWidths = PeakWidths(prediction);
        var targetWidths = PeakWidths(target);
        if (predWidths.Length < 2 || targetWidths.Length < 2) return double.PositiveInfinity;

        double[] union = [.. predWidths, .. targetWidths];
        double spread = Math.Sqrt(Statistics.Variance(union, ddof: 1)) * BandwidthFactor * Math.Pow(union.Length, -0.2);
        var grid = Statistics.Linspace(union.Min() - 3 * spread, union.Max() + 3 * spread, GridPoints);

        var predKde = GaussianKde.TryCreate(predWidths, BandwidthFactor * BandwidthFactor);
        var targetKde = GaussianKde.TryCreate(targetWidths, BandwidthFactor * BandwidthFactor);
        if (predKde is null || targetKde is null) return double.PositiveInfinity;

        var p = targetKde.Evaluate(grid);
        var q = predKde.Evaluate(grid);
        return divergence == DensityDivergence.KullbackLeibler ? KullbackLeibler(Normalise(p), Normalise(q)) : TotalVariation(p, q);
    }

    /// <summary>Widths of every peak of max(s, 0), measured on min(max(s, 0), high_cut) at the higher base.</summary>
    public static double[] PeakWidths(IReadOnlyList<double> signal)
    {
        var s = new double[signal.Count];
        for (int i = 0; i < s.Length; i++) s[i] = signal[i] < 0 ? 0 : signal[i];   // NaN stays NaN, as torch's in-place clip
        var peaks = PeakFinding.FindPeaks(s, minHeight: 0);
        var clipped = Array.ConvertAll(s, v => Math.Min(v, HighCut));
        return PeakFinding.Widths(clipped, peaks, relHeight: HighCut);
    }

    /// <summary>sum p log(p / q) with 0 log 0 = 0 (torchmetrics' kl_divergence on normalised inputs).</summary>
    static double KullbackLeibler(double[] p, double[] q)
    {
        double sum = 0;
        for (int i = 0; i < p.Length; i++)
            if (p[i] != 0) sum += p[i] * Math.Log(p[i] / q[i]);
        return sum;
    }

    /// <summary>
    /// 0.5 sum |p - q| over the grid, on the KDE values themselves: unlike KL, the authors' TVD does not normalise
    /// the densities, so it is not a true total variation distance (it scales with 1 / grid spacing and can exceed
    /// 1). Reproduced as is, since the published numbers come from it.
    /// </summary>
    static double TotalVariation(double[] p, double[] q)
    {
        double sum = 0;
        for (int i = 0; i < p.Length; i++) sum += Math.Abs(p[i] - q[i]);
        return 0.5 * sum;
    }

    static double[] Normalise(double[] density)
    {
        double total = density.Sum();
        return Array.ConvertAll(density, d => d / total);
    }

    static double ReplaceNonFinite(double score) =>
        double.IsNaN(score) || double.IsPositiveInfinity(score) ? Unscorable : double.IsNegativeInfinity(score) ? 0 : score;
}
