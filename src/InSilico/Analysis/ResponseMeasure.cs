using System.Text.Json.Nodes;
using ViST.Renderer;

namespace ViST.InSilico.Analysis;

/// <summary>How one condition's response of one cell is summarised into a number: the mean rate over the
/// recorded frames, the peak of the repeat-averaged trace, or the amplitude of its first harmonic at a
/// drifting stimulus's temporal frequency (F1, for linear cells whose mean barely changes).</summary>
public enum ResponseMeasure { Mean, Peak, F1 }

public static class ResponseMeasures
{
    public static ResponseMeasure Parse(JsonObject config, ResponseMeasure fallback, Func<string, Exception> bad) =>
        Sweeps.SweepSpec.TextOf(config["measure"], "measure", bad) switch
        {
            null => fallback,
            "mean" => ResponseMeasure.Mean,
            "peak" => ResponseMeasure.Peak,
            "f1" => ResponseMeasure.F1,
            var m => throw bad($"unknown measure '{m}' (expected mean, peak or f1)"),
        };

    public static double Of(ReadOnlySpan<double> trace, ResponseMeasure measure, double temporalHz = double.NaN)
    {
        switch (measure)
        {
            case ResponseMeasure.Mean:
                double s = 0;
                foreach (var v in trace) s += v;
                return s / trace.Length;
            case ResponseMeasure.Peak:
                double p = double.NegativeInfinity;
                foreach (var v in trace) p = Math.Max(p, v);
                return p;
            default:
                return F1(trace, temporalHz);
        }
    }

    /// <summary>Amplitude of the Fourier component at <paramref name="hz"/> (same units as the rates).</summary>
    public static double F1(ReadOnlySpan<double> trace, double hz)
    {
        if (!(hz > 0)) throw new ArgumentException($"F1 needs a positive temporal frequency (got {hz})");
        double re = 0, im = 0;
        for (int f = 0; f < trace.Length; f++)
        {
            double phase = 2 * Math.PI * hz * f / FrameSpec.FrameRate;
            re += trace[f] * Math.Cos(phase); im += trace[f] * Math.Sin(phase);
        }
        return 2 * Math.Sqrt(re * re + im * im) / trace.Length;
    }
}
