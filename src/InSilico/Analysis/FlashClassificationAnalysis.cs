namespace ViST.InSilico.Analysis;

/// <summary>
/// Cell types from full-field flashes: conditions whose swept value is above "neutral" (default 0) are light
/// increments, the others decrements; each group's repeat- and condition-averaged trace gives a step
/// response over "step_s" against the mean over "baseline_s" (default: from the start of the recording to
/// the step), and <see cref="CellTypeClassifier"/> labels the cell. Where the model knows a cell's type,
/// type_agrees says whether the label matches it.
/// </summary>
public sealed class FlashClassificationAnalysis : ISweepAnalysis
{
    readonly int _parameter;
    readonly double _neutral;
    readonly (double From, double To) _step, _baseline;

    public string Name { get; }

    public FlashClassificationAnalysis(AnalysisOptions options)
    {
        Name = options.Name;
        _parameter = options.Parameter();
        _neutral = options.Number("neutral", 0);
        _step = options.Window("step_s", required: true)!.Value;
        double recordStart = options.Spec.WarmupFrames / ViST.Renderer.FrameSpec.FrameRate;
        _baseline = options.Window("baseline_s", required: false) ?? (recordStart, _step.From);
        if (_baseline.To - _baseline.From < 1 / ViST.Renderer.FrameSpec.FrameRate)
            throw options.Bad($"no baseline before the step: the recording starts at {recordStart} s and the step at {_step.From} s; " +
                              "start the flash later than warmup_s or give \"baseline_s\"");
        var values = options.Spec.Conditions.Select(c => c.Number(_parameter)).ToList();
        if (!values.Any(v => v > _neutral) || !values.Any(v => v <= _neutral))
            throw options.Bad($"needs both increments (value > {_neutral}) and decrements (value <= {_neutral}) of '{options.Spec.Parameters[_parameter]}'");
    }

    public IReadOnlyList<AnalysisRow> Run(SweepData data, AnalysisOutput output)
    {
        int[] on = data.Spec.Conditions.Where(c => c.Number(_parameter) > _neutral).Select(c => c.Index).ToArray();
        int[] off = data.Spec.Conditions.Where(c => c.Number(_parameter) <= _neutral).Select(c => c.Index).ToArray();
        var (s0, s1) = CellTypeRows.Frames(data, _step);
        var (b0, b1) = CellTypeRows.Frames(data, _baseline);
        var rows = new List<AnalysisRow>();
        var plots = new List<(string, double[], double[])>();
        double[] time = Enumerable.Range(0, data.Frames).Select(data.TimeOf).ToArray();
        for (int cell = 0; cell < data.CellCount; cell++)
        {
            double[] up = data.MeanTrace(cell, on), down = data.MeanTrace(cell, off);
            var rOn = StepResponse.Measure(up, StepResponse.Mean(up, b0, b1), s0, s1);
            var rOff = StepResponse.Measure(down, StepResponse.Mean(down, b0, b1), s0, s1);
            CellTypeRows.Add(rows, cell, data.Cells[cell].Type, rOn, rOff);
            if (plots.Count < SweepPlot.MaxSeries)
            {
                plots.Add(($"cell {data.Cells[cell].Id} increment", time, up));
                plots.Add(($"cell {data.Cells[cell].Id} decrement", time, down));
            }
        }
        if (output.Plots) SweepPlot.Curves(output.PlotPath(Name), "flash responses", "scene time (s)", "rate (spikes/s)", plots);
        return rows;
    }
}
