namespace ViST.InSilico.Analysis;

public enum TuningKind { Orientation, Direction, MovingBar, SpatialFrequency, TemporalFrequency, Size }

/// <summary>
/// Tuning along one swept parameter, per cell:
/// orientation: preferred_orientation_deg and osi (period 180); direction and moving_bar: preferred_direction_deg
/// and dsi (period 360; moving_bar uses the peak rate by default, a bar crossing the RF being brief);
/// spatial/temporal frequency and size: preferred value, peak response and suppression index
/// (<see cref="PeakTuning"/>; for size it is the surround suppression index, ssi).
/// Options: "parameter" (needed when several are swept), "measure": mean | peak | f1.
/// </summary>
public sealed class TuningAnalysis : ISweepAnalysis
{
    readonly TuningKind _kind;
    readonly int _parameter;
    readonly ResponseMeasure _measure;

    public string Name { get; }

    public TuningAnalysis(AnalysisOptions options, TuningKind kind)
    {
        _kind = kind;
        Name = options.Name;
        _parameter = options.Parameter();
        _measure = options.Measure(kind == TuningKind.MovingBar ? ResponseMeasure.Peak : ResponseMeasure.Mean);
    }

    public IReadOnlyList<AnalysisRow> Run(SweepData data, AnalysisOutput output)
    {
        var rows = new List<AnalysisRow>();
        var curves = new List<(string, double[], double[])>();
        for (int cell = 0; cell < data.CellCount; cell++)
        {
            var curve = TuningCurve.Of(data, _parameter, cell, _measure);
            curves.Add(($"cell {data.Cells[cell].Id}", curve.X, curve.Y));
            switch (_kind)
            {
                case TuningKind.Orientation:
                    var o = CircularTuning.Fit(curve.X, curve.Y, 180);
                    rows.Add(new(cell, "preferred_orientation_deg", o.PreferredDeg));
                    rows.Add(new(cell, "osi", o.Index));
                    break;
                case TuningKind.Direction or TuningKind.MovingBar:
                    var d = CircularTuning.Fit(curve.X, curve.Y, 360);
                    rows.Add(new(cell, "preferred_direction_deg", d.PreferredDeg));
                    rows.Add(new(cell, "dsi", d.Index));
                    break;
                default:
                    var p = PeakTuning.Fit(curve.X, curve.Y);
                    string unit = _kind switch
                    {
                        TuningKind.SpatialFrequency => "preferred_cycles_per_px",
                        TuningKind.TemporalFrequency => "preferred_hz",
                        _ => "preferred_size",
                    };
                    rows.Add(new(cell, unit, p.Preferred));
                    rows.Add(new(cell, "peak_rate", p.Peak));
                    rows.Add(new(cell, _kind == TuningKind.Size ? "ssi" : "suppression_index", p.SuppressionIndex));
                    break;
            }
        }
        if (output.Plots)
        {
            bool logX = _kind is TuningKind.SpatialFrequency or TuningKind.TemporalFrequency or TuningKind.Size
                        && curves.All(c => c.Item2.All(x => x > 0));
            SweepPlot.Curves(output.PlotPath(Name), $"{Name} tuning ({_measure.ToString().ToLowerInvariant()} rate)",
                data.Spec.Parameters[_parameter], "rate (spikes/s)", curves, logX);
        }
        return rows;
    }
}
