namespace ViST.InSilico.Analysis;

/// <summary>
/// The response to a luminance step, measured on a rate trace: the peak above the baseline within the step
/// window, and the sustained index = (mean rate over the last half of the window − baseline) / peak,
/// which is near 1 for a cell that keeps firing through the step and near 0 for one whose response decays
/// (transient). A peak at or below baseline gives peak 0 and an undefined (NaN) sustained index.
/// </summary>
public static class StepResponse
{
    public readonly record struct Result(double Peak, double SustainedIndex);

    /// <summary>Mean of <paramref name="trace"/> over frames [from, to).</summary>
    public static double Mean(ReadOnlySpan<double> trace, int from, int to)
    {
        if (to <= from) throw new ArgumentException($"empty window [{from}, {to})");
        double s = 0;
        for (int i = from; i < to; i++) s += trace[i];
        return s / (to - from);
    }

    public static Result Measure(ReadOnlySpan<double> trace, double baseline, int from, int to)
    {
        if (to - from < 2) throw new ArgumentException($"a step window needs at least 2 frames (got [{from}, {to}))");
        double peak = double.NegativeInfinity;
        for (int i = from; i < to; i++) peak = Math.Max(peak, trace[i]);
        peak -= baseline;
        if (!(peak > 0)) return new Result(0, double.NaN);
        double late = Mean(trace, from + (to - from) / 2, to) - baseline;
        return new Result(peak, Math.Clamp(late / peak, 0, 1));
    }
}

/// <summary>
/// Functional cell type from the responses to light increments and decrements (a flash pair, or the
/// ON and OFF steps of a chirp): polarity index PI = (R_on − R_off) / (R_on + R_off) with R the step peaks;
/// ON when PI > 1/3, OFF when PI &lt; −1/3, ON-OFF between; then transient or sustained from the sustained index of
/// the dominant step (the mean of both for ON-OFF) against <see cref="SustainedThreshold"/>.
/// Labels read like the model's cell types: "ON-transient", "OFF-sustained", "ON-OFF-transient".
/// </summary>
public static class CellTypeClassifier
{
    public const double PolarityThreshold = 1.0 / 3;
    public const double SustainedThreshold = 0.5;

    public readonly record struct Result(double PolarityIndex, double SustainedIndex, string Label);

    public static Result Classify(StepResponse.Result on, StepResponse.Result off)
    {
        double total = on.Peak + off.Peak;
        if (!(total > 0)) return new Result(double.NaN, double.NaN, "unresponsive");
        double pi = (on.Peak - off.Peak) / total;
        string polarity = pi > PolarityThreshold ? "ON" : pi < -PolarityThreshold ? "OFF" : "ON-OFF";
        double si = polarity switch
        {
            "ON" => on.SustainedIndex,
            "OFF" => off.SustainedIndex,
            _ => (on.SustainedIndex + off.SustainedIndex) / 2,
        };
        return new Result(pi, si, $"{polarity}-{(si >= SustainedThreshold ? "sustained" : "transient")}");
    }

    /// <summary>Whether a classification agrees with a known type label (polarity, and kinetics when the
    /// label states them); null when the label says nothing (e.g. "unknown" for recorded cells).</summary>
    public static bool? Agrees(string label, string knownType)
    {
        string? Polarity(string s) => s.StartsWith("ON-OFF", StringComparison.OrdinalIgnoreCase) || s.StartsWith("ONOFF", StringComparison.OrdinalIgnoreCase) ? "ON-OFF"
            : s.StartsWith("OFF", StringComparison.OrdinalIgnoreCase) ? "OFF"
            : s.StartsWith("ON", StringComparison.OrdinalIgnoreCase) ? "ON" : null;
        string? Kinetics(string s) => s.Contains("transient", StringComparison.OrdinalIgnoreCase) ? "transient"
            : s.Contains("sustained", StringComparison.OrdinalIgnoreCase) ? "sustained" : null;
        var known = Polarity(knownType);
        if (known == null) return null;
        var kinetics = Kinetics(knownType);
        return known == Polarity(label) && (kinetics == null || kinetics == Kinetics(label));
    }
}
