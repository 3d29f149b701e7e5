namespace ViST.RetinaModel.Metrics;

/// <summary>
/// A 1-D Gaussian kernel density estimate with scipy.stats.gaussian_kde's conventions: kernel standard deviation
/// = factor * sample standard deviation (ddof = 1), equal weights, evaluated as (1/n) sum N(x; d_i, sigma^2)
/// in the same arithmetic order as scipy (data and points scaled by sigma first).
/// </summary>
public sealed class GaussianKde
{
    readonly double[] _scaled;
    readonly double _sigma;

    GaussianKde(double[] data, double sigma)
    {
        _sigma = sigma;
        _scaled = Array.ConvertAll(data, d => d / sigma);
    }

    /// <summary>
    /// The estimate for <paramref name="data"/>, or null where scipy raises: fewer than two samples, or a
    /// covariance that is not positive definite (all samples equal, or NaN/inf among them).
    /// </summary>
    public static GaussianKde? TryCreate(IReadOnlyList<double> data, double factor)
    {
        if (data.Count < 2) return null;
        double variance = Statistics.Variance(data, ddof: 1);
        if (!(variance > 0) || double.IsInfinity(variance)) return null;
        return new GaussianKde([.. data], Math.Sqrt(variance) * factor);
    }

    public double[] Evaluate(IReadOnlyList<double> points)
    {
        double norm = 1 / Math.Sqrt(2 * Math.PI) / _sigma, weight = 1.0 / _scaled.Length;
        var density = new double[points.Count];
        for (int j = 0; j < points.Count; j++)
        {
            double x = points[j] / _sigma, sum = 0;
            foreach (var d in _scaled)
            {
                double r = d - x;
                sum += weight * (Math.Exp(-r * r / 2) * norm);
            }
            density[j] = sum;
        }
        return density;
    }
}
