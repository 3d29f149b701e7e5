using ScottPlot;

namespace ViST.InSilico.Scorecard;

/// <summary>scorecard.png: left, every criterion as the fraction reached with its goal marked; right, the
/// per-cell correlation on the unseen movie against the noise ceiling, coloured by cell type, so a failing
/// cell group stands out.</summary>
public static class ScorecardPlot
{
    public static void Write(string path, ScorecardResult r)
    {
        double cells = r.Flash.Cells;
        (string Label, double Value, double Goal)[] bars =
        [
            ("movie r", r.Movie.MeanR, 0.7),
            ("flash ON/OFF", r.Flash.PolarityCorrect / cells, 85 / 90.0),
            ("flash type", r.Flash.TypeCorrect / cells, 60 / 90.0),
            ("SF within 1.5x", r.SpatialFrequency.Within / cells, 80 / 90.0),
            ("STA centre", r.Sta.CenterWithinPatch / cells, 75 / 90.0),
            ("STA polarity", r.Sta.PolarityCorrect / cells, double.NaN),
        ];
        var left = new Plot();
        left.Add.Bars(bars.Select((b, i) => new Bar
        {
            Position = i, Value = double.IsFinite(b.Value) ? b.Value : 0,
            FillColor = !double.IsFinite(b.Goal) || b.Value >= b.Goal ? Colors.SeaGreen : Colors.IndianRed,
        }).ToList());
        for (int i = 0; i < bars.Length; i++)
            if (double.IsFinite(bars[i].Goal))
            {
                var goal = left.Add.Line(i - 0.45, bars[i].Goal, i + 0.45, bars[i].Goal);
                goal.LineWidth = 3; goal.Color = Colors.Black;
            }
        left.Axes.Bottom.SetTicks(Enumerable.Range(0, bars.Length).Select(i => (double)i).ToArray(), bars.Select(b => b.Label).ToArray());
        left.Axes.Bottom.TickLabelStyle.Rotation = 25;
        left.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        left.Axes.Bottom.MinimumSize = 90;
        left.Axes.SetLimitsY(0, 1.05);
        left.YLabel("fraction of cells (movie: mean r); black: goal");
        left.Title($"{r.Model}: {r.Goals().Count(g => g.Pass)}/{r.Goals().Count} goals, {r.Speed.MsPerFrame:F1} ms/frame");

        var right = new Plot();
        foreach (var type in r.CellTypes.Distinct())
        {
            var ofType = Enumerable.Range(0, r.CellTypes.Count).Where(c => r.CellTypes[c] == type).ToArray();
            var dots = right.Add.ScatterPoints(ofType.Select(c => (double)c).ToArray(),
                ofType.Select(c => double.IsFinite(r.Movie.PerCellR[c]) ? r.Movie.PerCellR[c] : 0).ToArray());
            dots.MarkerSize = 6;
            dots.LegendText = type;
        }
        var ceiling = right.Add.HorizontalLine(r.Movie.CeilingR);
        ceiling.LinePattern = LinePattern.Dashed;
        ceiling.LegendText = $"LN noise ceiling r {r.Movie.CeilingR:F2}";
        // room above r = 1 for the legend, which would otherwise hide cells (poor cells sit anywhere below)
        right.Axes.SetLimitsY(Math.Min(0, r.Movie.PerCellR.Where(double.IsFinite).DefaultIfEmpty(0).Min()) - 0.05, 1.2);
        right.XLabel("cell");
        right.YLabel(r.Movie.Movies.Count == 1 ? "Pearson r, unseen movie" : $"Pearson r, mean of {r.Movie.Movies.Count} unseen movies");
        right.Title($"movie: mean r {r.Movie.MeanR:F2}, CC_norm {r.Movie.CcNorm:F2}");
        right.Legend.Orientation = Orientation.Horizontal;
        right.ShowLegend(Alignment.UpperCenter);

        Analysis.PlotPanels.SideBySide(path, 700, 560, left, right);
    }
}
