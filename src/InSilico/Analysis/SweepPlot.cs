using ScottPlot;

namespace ViST.InSilico.Analysis;

/// <summary>The few plot shapes the analyses draw (ScottPlot, PNG, headless). At most
/// <see cref="MaxSeries"/> cells per plot: enough to eyeball a result, few enough to read.</summary>
public static class SweepPlot
{
    public const int MaxSeries = 8;
    const int Width = 900, Height = 600;

    /// <summary>One line per series; with <paramref name="logX"/> x is drawn as log10(x).</summary>
    public static void Curves(string path, string title, string xLabel, string yLabel,
        IEnumerable<(string Label, double[] X, double[] Y)> series, bool logX = false)
    {
        var plt = new Plot();
        foreach (var (label, x, y) in series.Take(MaxSeries))
        {
            var s = plt.Add.Scatter(logX ? x.Select(Math.Log10).ToArray() : x, y);
            s.LegendText = label;
        }
        Finish(plt, path, title, logX ? $"log10 {xLabel}" : xLabel, yLabel);
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
