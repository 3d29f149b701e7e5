namespace ViST.InSilico.Analysis;

/// <summary>
/// Responses to a chirp (light step, then a frequency sweep, then an amplitude sweep), averaged over every
/// condition and repeat. Scene-time windows come from the entry, as the chirp layer's timing is a property
/// of the scene: "step_on_s" (light on) and "step_off_s" (light off again) classify the cell as for flashes.
/// The ON step is measured against "baseline_s" (default: recording start to step on, the chirp's dark
/// period), the OFF step against the last third of the light step, so that a sustained OFF cell, whose rate in
/// the dark equals its pre-step rate, still shows its OFF response. Optional "frequency_s" and "amplitude_s"
/// report the rate's standard deviation over the first and last third of each sweep, and their ratio
/// (frequency_index > 1: the cell follows fast flicker better than slow; amplitude_index > 1: it grows with contrast).
/// </summary>
public sealed class ChirpAnalysis : ISweepAnalysis
{
    readonly (double From, double To) _on, _off, _baseline;
    readonly (double From, double To)? _frequency, _amplitude;

    public string Name { get; }

    public ChirpAnalysis(AnalysisOptions options)
    {
        Name = options.Name;
        _on = options.Window("step_on_s", required: true)!.Value;
        _off = options.Window("step_off_s", required: true)!.Value;
        if ((_on.To - _on.From) * ViST.Renderer.FrameSpec.FrameRate < 6) throw options.Bad("\"step_on_s\" must last at least 6 frames");
        double recordStart = options.Spec.WarmupFrames / ViST.Renderer.FrameSpec.FrameRate;
        _baseline = options.Window("baseline_s", required: false) ?? (recordStart, _on.From);
        if (_baseline.To - _baseline.From < 1 / ViST.Renderer.FrameSpec.FrameRate)
            throw options.Bad($"no baseline before the light step at {_on.From} s (recording starts at {recordStart} s); give \"baseline_s\"");
        _frequency = options.Window("frequency_s", required: false);
        _amplitude = options.Window("amplitude_s", required: false);
    }

    public IReadOnlyList<AnalysisRow> Run(SweepData data, AnalysisOutput output)
    {
        int[] all = Enumerable.Range(0, data.Conditions).ToArray();
        var (on0, on1) = CellTypeRows.Frames(data, _on);
        var (off0, off1) = CellTypeRows.Frames(data, _off);
        var (b0, b1) = CellTypeRows.Frames(data, _baseline);
        var rows = new List<AnalysisRow>();
        var plots = new List<(string, double[], double[])>();
        double[] time = Enumerable.Range(0, data.Frames).Select(data.TimeOf).ToArray();
        for (int cell = 0; cell < data.CellCount; cell++)
        {
            double[] trace = data.MeanTrace(cell, all);
            double darkBaseline = StepResponse.Mean(trace, b0, b1), lightBaseline = StepResponse.Mean(trace, on1 - (on1 - on0) / 3, on1);
            CellTypeRows.Add(rows, cell, data.Cells[cell].Type,
                StepResponse.Measure(trace, darkBaseline, on0, on1), StepResponse.Measure(trace, lightBaseline, off0, off1));
            if (_frequency is { } f) AddSweep(rows, cell, "frequency", trace, CellTypeRows.Frames(data, f));
            if (_amplitude is { } a) AddSweep(rows, cell, "amplitude", trace, CellTypeRows.Frames(data, a));
            if (plots.Count < SweepPlot.MaxSeries) plots.Add(($"cell {data.Cells[cell].Id}", time, trace));
        }
        if (output.Plots) SweepPlot.Curves(output.PlotPath(Name), "chirp responses", "scene time (s)", "rate (spikes/s)", plots);
        return rows;
    }

    static void AddSweep(List<AnalysisRow> rows, int cell, string what, double[] trace, (int From, int To) w)
    {
        int third = (w.To - w.From) / 3;
        if (third < 2) throw new InvalidDataException($"the chirp {what} window is too short to split in thirds");
        double early = Sd(trace, w.From, w.From + third), late = Sd(trace, w.To - third, w.To);
        rows.Add(new(cell, $"{what}_early_sd", early));
        rows.Add(new(cell, $"{what}_late_sd", late));
        rows.Add(new(cell, $"{what}_index", early > 0 ? late / early : double.NaN));
    }

    static double Sd(double[] t, int from, int to)
    {
        double m = StepResponse.Mean(t, from, to), s = 0;
        for (int i = from; i < to; i++) s += (t[i] - m) * (t[i] - m);
        return Math.Sqrt(s / (to - from));
    }
}
