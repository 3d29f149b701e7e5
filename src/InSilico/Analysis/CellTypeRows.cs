namespace ViST.InSilico.Analysis;

/// <summary>The rows both flash and chirp classification report for one cell.</summary>
static class CellTypeRows
{
    public static void Add(List<AnalysisRow> rows, int cell, string knownType, StepResponse.Result on, StepResponse.Result off)
    {
        var c = CellTypeClassifier.Classify(on, off);
        rows.Add(new(cell, "on_peak", on.Peak));
        rows.Add(new(cell, "off_peak", off.Peak));
        rows.Add(new(cell, "polarity_index", c.PolarityIndex));
        rows.Add(new(cell, "sustained_index", c.SustainedIndex));
        rows.Add(new(cell, "cell_type", double.NaN, c.Label));
        if (CellTypeClassifier.Agrees(c.Label, knownType) is bool agrees) rows.Add(new(cell, "type_agrees", agrees ? 1 : 0));
    }

    /// <summary>Frames [from, to) of a scene-time window (seconds).</summary>
    public static (int From, int To) Frames(SweepData data, (double From, double To) window) =>
        (data.FrameAt(window.From), data.FrameAt(window.To));
}
