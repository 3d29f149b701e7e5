namespace ViST.RetinaModel.Data;

/// <summary>Split-half reliability of repeated trials: how well the PSTH of the odd trials predicts that of the even
/// ones. It is a noise ceiling: no model can correlate with a noisy PSTH much better than the data with itself.</summary>
public static class Reliability
{
    /// <summary>
    /// Pearson r, per cell, between the mean over trials 1, 3, 5, ... and the mean over trials 2, 4, 6, ...
    /// (1-based) of <paramref name="trials"/> [R, F, N] (counts or rates per bin). A cell with no variance in one
    /// half gets NaN; <c>Mean</c> averages the finite values.
    /// </summary>
    public static (double[] PerCell, double Mean) SplitHalf(ReadOnlySpan<float> trials, int r, int f, int n)
    {
        if (r < 2) throw new ArgumentException($"split-half reliability needs at least 2 trials, got {r}");
        if (trials.Length != (long)r * f * n) throw new ArgumentException($"trials has {trials.Length} values, expected R*F*N = {r}*{f}*{n}");
        var odd = new double[f * n];
        var even = new double[f * n];
        for (int t = 0; t < r; t++)
        {
            var target = t % 2 == 0 ? odd : even;
            var slice = trials.Slice(t * f * n, f * n);
            for (int i = 0; i < slice.Length; i++) target[i] += slice[i];
        }
        var perCell = new double[n];
        for (int c = 0; c < n; c++) perCell[c] = Pearson(odd, even, c, n, f);
        var finite = perCell.Where(double.IsFinite).ToArray();
        return (perCell, finite.Length == 0 ? double.NaN : finite.Average());
    }

    /// <summary>Pearson r of column <paramref name="column"/> of two row-major [rows, stride] arrays.</summary>
    static double Pearson(double[] a, double[] b, int column, int stride, int rows)
    {
        double ma = 0, mb = 0;
        for (int i = 0; i < rows; i++) { ma += a[i * stride + column]; mb += b[i * stride + column]; }
        ma /= rows; mb /= rows;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < rows; i++)
        {
            double da = a[i * stride + column] - ma, db = b[i * stride + column] - mb;
            sab += da * db; saa += da * da; sbb += db * db;
        }
        return saa > 0 && sbb > 0 ? sab / Math.Sqrt(saa * sbb) : double.NaN;
    }
}
