using ScottPlot;

namespace ViST.Trainer.Experiments;

/// <summary>The figures of the paper's experiments, from their tables: bars per ablation variant, and CC against
/// population size. Error bars are the standard deviation over seeds (none with one seed).</summary>
public static class ExperimentPlots
{
    public static void AblationBars(string path, IReadOnlyList<GroupSummary> rows, string metric, string yLabel, string title)
    {
        var plt = new Plot();
        var bars = rows.Select((r, i) => new Bar
        {
            Position = i, Value = Finite(r.Mean(metric)), Error = Finite(r.Sd(metric)),
            FillColor = i == 0 ? Colors.SteelBlue : Colors.LightSteelBlue,
        }).ToList();
        plt.Add.Bars(bars);
        plt.Axes.Bottom.SetTicks(rows.Select((_, i) => (double)i).ToArray(), rows.Select(r => r.Group).ToArray());
        plt.Axes.Bottom.TickLabelStyle.Rotation = 30;
        plt.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plt.Axes.Bottom.MinimumSize = 130;
        plt.Axes.Margins(bottom: 0);
        plt.YLabel(yLabel);
        plt.Title(title);
        plt.SavePng(path, Math.Max(600, 110 * rows.Count), 520);
    }

    public static void PopulationCurve(string path, IReadOnlyList<(int Size, double Mean, double Sd)> points, string yLabel, string title)
    {
        var plt = new Plot();
        var xs = points.Select(p => (double)p.Size).ToArray();
        var ys = points.Select(p => Finite(p.Mean)).ToArray();
        var line = plt.Add.Scatter(xs, ys);
        line.MarkerSize = 8;
        plt.Add.ErrorBar(xs, ys, points.Select(p => Finite(p.Sd)).ToArray());
        plt.XLabel("cells in the trained population");
        plt.YLabel(yLabel);
        plt.Title(title);
        plt.SavePng(path, 700, 450);
    }

    static double Finite(double v) => double.IsFinite(v) ? v : 0;
}
