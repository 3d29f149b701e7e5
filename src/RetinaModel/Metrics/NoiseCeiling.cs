namespace ViST.RetinaModel.Metrics;

/// <summary>
/// How well a prediction does relative to what trial-to-trial noise allows, from repeated trials of the same
/// stimulus. Per neuron (NaN where undefined: too few trials, no explainable signal); each mean is over the
/// neurons where the value is defined.
/// </summary>
/// <param name="SplitHalf">r between the mean of trials 1, 3, 5, ... and the mean of trials 2, 4, 6, ... (1-based).</param>
/// <param name="SplitHalfSpearmanBrown">2r / (1 + r): the split-half reliability stepped up to all trials.</param>
/// <param name="ExplainableVariance">FEV = 1 - noise variance / total variance (Cadena et al. 2019).</param>
/// <param name="Feve">Fraction of explainable variance explained, 1 - (MSE - noise variance) / (total variance
/// - noise variance), MSE over every trial and frame (Cadena et al. 2019).</param>
/// <param name="CcMax">sqrt(SP / Var(trial mean)): the best correlation any model could reach with the trial mean
/// (Schoppe et al. 2016).</param>
/// <param name="CcNorm">Cov(prediction, trial mean) / sqrt(Var(prediction) SP) (Schoppe et al. 2016).</param>
public sealed record NoiseCeilingReport(MetricSummary SplitHalf, MetricSummary SplitHalfSpearmanBrown,
    MetricSummary ExplainableVariance, MetricSummary Feve, MetricSummary CcMax, MetricSummary CcNorm);

public static class NoiseCeiling
{
    /// <summary><paramref name="prediction"/> [neuron][frame]; <paramref name="trials"/> [neuron][trial][frame].</summary>
    public static NoiseCeilingReport Compute(double[][] prediction, double[][][] trials)
    {
        if (prediction.Length != trials.Length)
            throw new ArgumentException($"prediction has {prediction.Length} neurons but the trials have {trials.Length}");
        int n = prediction.Length;
        double[] split = new double[n], stepped = new double[n], fev = new double[n], feve = new double[n], ccMax = new double[n], ccNorm = new double[n];
        for (int c = 0; c < n; c++)
        {
            var reps = trials[c];
            if (reps.Length == 0 || reps.Any(r => r.Length != prediction[c].Length))
                throw new ArgumentException($"neuron {c}: the trials do not have the prediction's {prediction[c].Length} frames");
            split[c] = SplitHalf(reps);
            stepped[c] = 2 * split[c] / (1 + split[c]);
            (fev[c], feve[c]) = ExplainedVariance(prediction[c], reps);
            (ccMax[c], ccNorm[c]) = NormalisedCorrelation(prediction[c], reps);
        }
        return new NoiseCeilingReport(Summary(split), Summary(stepped), Summary(fev), Summary(feve), Summary(ccMax), Summary(ccNorm));
    }

    static double SplitHalf(double[][] reps)
    {
        if (reps.Length < 2) return double.NaN;
        var odd = TrialMean(reps.Where((_, i) => i % 2 == 0).ToArray());
        var even = TrialMean(reps.Where((_, i) => i % 2 == 1).ToArray());
        return Statistics.Correlation(odd, even);
    }

    static (double Fev, double Feve) ExplainedVariance(double[] prediction, double[][] reps)
    {
        if (reps.Length < 2) return (double.NaN, double.NaN);
        int frames = prediction.Length;
        double noise = 0;
        for (int t = 0; t < frames; t++) noise += Statistics.Variance(reps.Select(r => r[t]).ToArray(), ddof: 1);
        noise /= frames;
        double[] all = reps.SelectMany(r => r).ToArray();
        double total = Statistics.Variance(all, ddof: 1);
        double mse = 0;
        foreach (var r in reps)
            for (int t = 0; t < frames; t++) mse += (r[t] - prediction[t]) * (r[t] - prediction[t]);
        mse /= all.Length;
        double explainable = total - noise;
        return (explainable / total, explainable > 0 ? 1 - (mse - noise) / explainable : double.NaN);
    }

    static (double CcMax, double CcNorm) NormalisedCorrelation(double[] prediction, double[][] reps)
    {
        int count = reps.Length;
        if (count < 2) return (double.NaN, double.NaN);
        var mean = TrialMean(reps);
        var sum = Array.ConvertAll(mean, m => m * count);
        double signalPower = (Statistics.Variance(sum) - reps.Sum(r => Statistics.Variance(r))) / (count * (count - 1.0));
        if (!(signalPower > 0)) return (double.NaN, double.NaN);
        double ccMax = Math.Sqrt(signalPower / Statistics.Variance(mean));
        double ccNorm = Statistics.Covariance(prediction, mean) / Math.Sqrt(Statistics.Variance(prediction) * signalPower);
        return (ccMax, ccNorm);
    }

    static double[] TrialMean(double[][] reps)
    {
        var m = new double[reps[0].Length];
        foreach (var r in reps)
            for (int t = 0; t < m.Length; t++) m[t] += r[t];
        for (int t = 0; t < m.Length; t++) m[t] /= reps.Length;
        return m;
    }

    static MetricSummary Summary(double[] values)
    {
        var defined = values.Where(double.IsFinite).ToArray();
        return new MetricSummary(values, defined.Length > 0 ? defined.Average() : double.NaN);
    }
}
