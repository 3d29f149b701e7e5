using ScottPlot;

namespace ViST.InSilico.Analysis;

/// <summary>The few plot shapes the analyses draw (ScottPlot, PNG, headless). At most
/// <see cref="MaxSeries"/> cells per plot: enough to eyeball a result, few enough to read.</summary>
public static class SweepPlot
{
    public const int MaxSeries = 8;
    const int Width = 900, Height = 600;

    /// <summary>One line per series; with <paramref name="logX"/> the x axis is logarithmic, its ticks labelled with
    /// the values themselves (0.002, 0.005, 0.01...).</summary>
    public static void Curves(string path, string title, string xLabel, string yLabel,
        IEnumerable<(string Label, double[] X, double[] Y)> series, bool logX = false)
    {
        var plt = new Plot();
        var shown = series.Take(MaxSeries).ToList();
        foreach (var (label, x, y) in shown)
        {
            // ScottPlot 5 has no log axis: points go at log10(x) and the ticks say what x is there
            var s = plt.Add.Scatter(logX ? x.Select(Math.Log10).ToArray() : x, y);
            s.LegendText = label;
        }
        var positive = shown.SelectMany(c => c.X).Where(v => v > 0).ToList();
        if (logX && positive.Count > 0)
        {
            var ticks = new ScottPlot.TickGenerators.NumericManual();
            var (major, minor) = LogTicks(positive.Min(), positive.Max());
            foreach (var (at, label) in major) ticks.AddMajor(at, label);
            foreach (double at in minor) ticks.AddMinor(at);
            plt.Axes.Bottom.TickGenerator = ticks;
        }
        Finish(plt, path, title, logX ? $"{xLabel} (log scale)" : xLabel, yLabel);
    }

    /// <summary>Ticks of a log axis over [<paramref name="min"/>, <paramref name="max"/>] (positive), at log10 of the
    /// value: labelled majors at 1, 2 and 5 times the powers of ten (only the powers beyond three decades, where the
    /// others would crowd), unlabelled minors at the other whole multiples. One decade more on each side, since
    /// the plot's margins show a little beyond the data; ticks outside the view are not drawn.</summary>
    internal static (IReadOnlyList<(double Log10, string Label)> Major, IReadOnlyList<double> MinorLog10) LogTicks(double min, double max)
    {
        if (!(min > 0 && max >= min)) throw new ArgumentOutOfRangeException(nameof(min), $"a log axis needs 0 < min <= max, got {min}..{max}");
        int first = (int)Math.Floor(Math.Log10(min)) - 1, last = (int)Math.Ceiling(Math.Log10(max)) + 1;
        bool wide = Math.Log10(max / min) > 3;
        var major = new List<(double, string)>();
        var minor = new List<double>();
        for (int decade = first; decade <= last; decade++)
            for (int m = 1; m <= 9; m++)
            {
                double value = m * Math.Pow(10, decade);
                if (m == 1 || !wide && m is 2 or 5) major.Add((Math.Log10(value), value.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)));
                else minor.Add(Math.Log10(value));
            }
        return (major, minor);
    }

    /// <summary>Estimated points joined to reference points (e.g. STA centres to true RF centres), in image
    /// coordinates (y down).</summary>
    public static void Displacements(string path, string title, IReadOnlyList<(double X, double Y)> estimated,
        IReadOnlyList<(double X, double Y)> reference, double extent)
    {
        var plt = new Plot();
        for (int i = 0; i < estimated.Count; i++)
            if (double.IsFinite(estimated[i].X) && double.IsFinite(reference[i].X))
                plt.Add.Line(reference[i].X, reference[i].Y, estimated[i].X, estimated[i].Y).Color = Colors.Gray;
        var r = plt.Add.ScatterPoints(reference.Select(p => p.X).ToArray(), reference.Select(p => p.Y).ToArray());
        r.LegendText = "given RF centre";
        var e = plt.Add.ScatterPoints(estimated.Select(p => p.X).ToArray(), estimated.Select(p => p.Y).ToArray());
        e.LegendText = "STA centre";
        plt.Axes.SetLimits(0, extent, extent, 0);
        Finish(plt, path, title, "x (px)", "y (px)");
    }

    static void Finish(Plot plt, string path, string title, string xLabel, string yLabel)
    {
        plt.Title(title);
        plt.XLabel(xLabel);
        plt.YLabel(yLabel);
        plt.ShowLegend();
        plt.SavePng(path, Width, Height);
    }
}
