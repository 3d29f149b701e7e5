namespace ViST.RetinaModel.Metrics;

/// <summary>
/// Pearson correlation per neuron with the three summaries the authors use: the mean of |r| (what their training
/// and validation log as "corr"), the signed mean, and the mean over neurons with r &gt; 0 (what their predict step
/// reports; NaN when no neuron has r &gt; 0).
/// </summary>
public sealed record CorrelationSummary(double[] PerNeuron, double MeanAbs, double Mean, double MeanPositive)
{
    public static CorrelationSummary Of(double[] r)
    {
        var positive = r.Where(v => v > 0).ToArray();
        return new CorrelationSummary(r, r.Average(Math.Abs), r.Average(), positive.Length > 0 ? positive.Average() : double.NaN);
    }
}

/// <summary>The authors' correlation metrics (src/metrics/corr.py) on series [neuron][time].</summary>
public static class Pearson
{
    /// <summary>pearson_corr_coef: r per neuron over the whole (concatenated) series; NaN (a constant series) -> 0.</summary>
    public static CorrelationSummary PerNeuron(double[][] prediction, double[][] target)
    {
        NeuronSeries.CheckSameShape(prediction, target);
        var r = new double[prediction.Length];
        for (int c = 0; c < r.Length; c++)
        {
            double v = Statistics.Correlation(prediction[c], target[c]);
            r[c] = double.IsNaN(v) ? 0 : v;
        }
        return CorrelationSummary.Of(r);
    }

    /// <summary>
    /// modified_pearson_corr_coef: the mean product of z-scores, each z-scored with the population standard
    /// deviation plus 1e-8, so a constant series gives 0 rather than NaN.
    /// </summary>
    public static CorrelationSummary ZScored(double[][] prediction, double[][] target)
    {
        NeuronSeries.CheckSameShape(prediction, target);
        var r = new double[prediction.Length];
        for (int c = 0; c < r.Length; c++)
        {
            var zp = ZScore(prediction[c]);
            var zt = ZScore(target[c]);
            double s = 0;
            for (int t = 0; t < zp.Length; t++) s += zp[t] * zt[t];
            r[c] = s / zp.Length;
        }
        return CorrelationSummary.Of(r);
    }

    const double Epsilon = 1e-8;

    static double[] ZScore(double[] x)
    {
        double mean = Statistics.Mean(x), sd = Math.Sqrt(Statistics.Variance(x));
        return Array.ConvertAll(x, v => (v - mean) / (sd + Epsilon));
    }
}
