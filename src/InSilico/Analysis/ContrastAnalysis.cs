namespace ViST.InSilico.Analysis;

/// <summary>Contrast response per cell: a Naka–Rushton fit of the response against the swept contrast,
/// giving c50, exponent n, r0, rmax and the fit's r_squared, and c50_in_range: 1 when c50 lies within the
/// tested contrasts, 0 when the cell did not saturate (or did not respond) there and c50 is an extrapolation.
/// Options: "parameter", "measure".</summary>
public sealed class ContrastAnalysis : ISweepAnalysis
{
    readonly int _parameter;
    readonly ResponseMeasure _measure;

    public string Name { get; }

    public ContrastAnalysis(AnalysisOptions options)
    {
        Name = options.Name;
        _parameter = options.Parameter();
        _measure = options.Measure(ResponseMeasure.Mean);
        int distinct = options.Spec.Conditions.Select(c => c.Number(_parameter)).Distinct().Count();
        if (distinct < 4) throw options.Bad($"a contrast response fit needs at least 4 distinct contrasts (the sweep has {distinct})");
    }

    public IReadOnlyList<AnalysisRow> Run(SweepData data, AnalysisOutput output)
    {
        var rows = new List<AnalysisRow>();
        var series = new List<(string, double[], double[])>();
        for (int cell = 0; cell < data.CellCount; cell++)
        {
            var curve = TuningCurve.Of(data, _parameter, cell, _measure);
            var fit = NakaRushton.Fit(curve.X, curve.Y);
            rows.Add(new(cell, "c50", fit.C50));
            rows.Add(new(cell, "n", fit.N));
            rows.Add(new(cell, "r0", fit.R0));
            rows.Add(new(cell, "rmax", fit.Rmax));
            rows.Add(new(cell, "r_squared", fit.RSquared));
            rows.Add(new(cell, "c50_in_range", fit.C50 >= curve.X.Min() && fit.C50 <= curve.X.Max() ? 1 : 0));
            if (series.Count < 2 * SweepPlot.MaxSeries)
            {
                series.Add(($"cell {data.Cells[cell].Id}", curve.X, curve.Y));
                double lo = curve.X.Min(), hi = curve.X.Max();
                // contrasts are usually log-spaced and plotted on a log axis: so are the fit's points when they can be
                var fx = Enumerable.Range(0, 100).Select(i => lo > 0 ? lo * Math.Pow(hi / lo, i / 99.0) : lo + (hi - lo) * i / 99).ToArray();
                series.Add(($"cell {data.Cells[cell].Id} fit, c50 {fit.C50:G3}", fx, fx.Select(fit.Evaluate).ToArray()));
            }
        }
        if (output.Plots)
            SweepPlot.Curves(output.PlotPath(Name), "contrast response (Naka-Rushton)", data.Spec.Parameters[_parameter],
                "rate (spikes/s)", series.Take(SweepPlot.MaxSeries), logX: series.All(c => c.Item2.All(x => x > 0)));
        return rows;
    }
}
