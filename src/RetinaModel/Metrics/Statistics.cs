namespace ViST.RetinaModel.Metrics;

/// <summary>The few descriptive statistics the metrics share, in float64.</summary>
public static class Statistics
{
    public static double Mean(IReadOnlyList<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Count; i++) s += x[i];
        return s / x.Count;
    }

    /// <summary>Variance with <paramref name="ddof"/> delta degrees of freedom (numpy's convention).</summary>
    public static double Variance(IReadOnlyList<double> x, int ddof = 0)
    {
        double m = Mean(x), s = 0;
        for (int i = 0; i < x.Count; i++) s += (x[i] - m) * (x[i] - m);
        return s / (x.Count - ddof);
    }

    public static double Covariance(IReadOnlyList<double> x, IReadOnlyList<double> y, int ddof = 0)
    {
        if (x.Count != y.Count) throw new ArgumentException($"series lengths differ: {x.Count} and {y.Count}");
        double mx = Mean(x), my = Mean(y), s = 0;
        for (int i = 0; i < x.Count; i++) s += (x[i] - mx) * (y[i] - my);
        return s / (x.Count - ddof);
    }

    /// <summary>Pearson's r; NaN when either series is constant.</summary>
    public static double Correlation(IReadOnlyList<double> x, IReadOnlyList<double> y) =>
        Covariance(x, y) / Math.Sqrt(Variance(x) * Variance(y));

    /// <summary>numpy.linspace(start, stop, count): start + k * step, with the last point exactly stop.</summary>
    public static double[] Linspace(double start, double stop, int count)
    {
        var g = new double[count];
        double step = (stop - start) / (count - 1);
        for (int k = 0; k < count; k++) g[k] = start + k * step;
        g[count - 1] = stop;
        return g;
    }
}
