using ViST.Renderer.Scenes;

namespace ViST.Simulator.Dashboard;

/// <summary>
/// The span of the inspector's slider for a number parameter: a range comfortable to drag, inside the parameter's
/// own range. The number box beside it takes any value the parameter allows (the renderer checks it), so the slider
/// only has to cover what people usually try: a parameter's whole range where that is narrow (contrast, Hz), and
/// where it is wide or open, what its unit makes sensible on a 360 px, 30 Hz stimulus (one frame's width in
/// pixels, 1000 px/s, 30 s, a full turn). A parameter with no sensible span (a seed) gets no slider.
/// </summary>
public sealed record SliderRange(double Min, double Max, double Step)
{
    const double WidestSlider = 1e6;

    public static SliderRange? Of(ParamSpec spec)
    {
        if (spec.Kind is not (ParamKind.Number or ParamKind.Integer)) return null;
        var (comfortLo, comfortHi) = Comfortable(spec.Unit);
        double lo = Math.Max(spec.Min, comfortLo), hi = Math.Min(spec.Max, comfortHi);
        if (spec.Default is double or long)
        {
            double d = Convert.ToDouble(spec.Default);
            // the default must be on the slider; reach past it by half again so it is not pinned to the end
            if (d > hi) hi = Math.Min(spec.Max, d + Math.Abs(d) / 2);
            if (d < lo) lo = Math.Max(spec.Min, d - Math.Abs(d) / 2);
        }
        if (!double.IsFinite(lo) || !double.IsFinite(hi) || hi - lo > WidestSlider || hi <= lo) return null;
        double step = spec.Kind == ParamKind.Integer ? 1 : NiceStep((hi - lo) / 1000);
        if (spec.MinExclusive && lo <= spec.Min) lo = spec.Min + step;
        return new SliderRange(lo, hi, step);
    }

    static (double Lo, double Hi) Comfortable(string unit) => unit switch
    {
        var u when u.StartsWith("degrees", StringComparison.Ordinal) => (0, 360),
        "pixels" => (-360, 360),
        "pixels per second" => (-1000, 1000),
        "seconds" => (0, 30),
        var u when u.StartsWith("frames", StringComparison.Ordinal) => (0, 300),
        _ => (double.NegativeInfinity, double.PositiveInfinity),
    };

    /// <summary>The 1, 2 or 5 times a power of ten nearest above <paramref name="raw"/> (so values read cleanly).</summary>
    static double NiceStep(double raw)
    {
        double power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        foreach (double m in new[] { 1.0, 2.0, 5.0, 10.0 })
            if (m * power >= raw * (1 - 1e-9)) return m * power;
        return 10 * power;
    }
}
