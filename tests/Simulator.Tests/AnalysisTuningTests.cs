using System.Text.Json.Nodes;
using ViST.RetinaModel;
using ViST.InSilico.Analysis;
using ViST.InSilico.Sweeps;

namespace ViST.Simulator.Tests;

public class AnalysisTuningTests
{
    static double[] Angles(double period, int n) => Enumerable.Range(0, n).Select(i => period * i / n).ToArray();

    [Theory]
    [InlineData(30.0, 10.0, 6.0)]
    [InlineData(150.0, 20.0, 20.0)]
    public void Cosine_tuned_cell_gives_its_orientation_and_osi(double preferred, double baseline, double amplitude)
    {
        // Orientations over 0..360 in 30 deg steps, as a drifting-grating sweep samples them.
        var theta = Angles(360, 12);
        var r = theta.Select(t => baseline + amplitude * Math.Cos(2 * (t - preferred) * Math.PI / 180)).ToArray();
        var fit = CircularTuning.Fit(theta, r, 180);
        Assert.Equal(preferred, fit.PreferredDeg, 6);
        Assert.Equal(amplitude / (2 * baseline), fit.Index, 6);
    }

    [Fact]
    public void Direction_tuned_cell_gives_its_direction_and_dsi_and_an_untuned_cell_none()
    {
        var theta = Angles(360, 8);
        var fit = CircularTuning.Fit(theta, theta.Select(t => 10 + 8 * Math.Cos((t - 225) * Math.PI / 180)).ToArray(), 360);
        Assert.Equal(225, fit.PreferredDeg, 6);
        Assert.Equal(0.4, fit.Index, 6);
        Assert.Equal(0, CircularTuning.Fit(theta, theta.Select(_ => 7.0).ToArray(), 360).Index, 9);
    }

    [Fact]
    public void Log_gaussian_frequency_tuning_peaks_at_its_preferred_frequency()
    {
        // Preferred 0.03 cycles/px lies between samples of a geometric series.
        var sf = Enumerable.Range(0, 9).Select(i => 0.005 * Math.Pow(2, i * 0.75)).ToArray();
        var r = sf.Select(f => 2 + 30 * Math.Exp(-Math.Pow(Math.Log(f / 0.03), 2) / (2 * 0.8 * 0.8))).ToArray();
        var fit = PeakTuning.Fit(sf, r);
        Assert.InRange(fit.Preferred, 0.03 * 0.97, 0.03 * 1.03);
        Assert.InRange(fit.Peak, 31.5, 32.5);
        Assert.Equal((fit.Peak - r[^1]) / fit.Peak, fit.SuppressionIndex, 9);
    }

    [Fact]
    public void Size_tuning_with_surround_gives_the_suppression_index()
    {
        // Centre and surround integrate over a disc of the given radius (difference of Gaussians).
        var size = new double[] { 5, 10, 20, 30, 40, 60, 90, 140 };
        double R(double s) => 40 * (1 - Math.Exp(-s * s / (2 * 15 * 15))) - 24 * (1 - Math.Exp(-s * s / (2 * 45 * 45)));
        var fit = PeakTuning.Fit(size, size.Select(R).ToArray());
        double trueMax = Enumerable.Range(1, 2000).Select(i => R(i * 0.1)).Max();
        Assert.InRange(fit.Peak, trueMax * 0.97, trueMax * 1.03);
        Assert.InRange(fit.SuppressionIndex, (trueMax - R(140)) / trueMax - 0.05, (trueMax - R(140)) / trueMax + 0.05);
        Assert.InRange(fit.Preferred, 20, 40);
    }

    [Theory]
    [InlineData(0.3, 2.0)]
    [InlineData(0.08, 3.5)]
    public void Naka_rushton_fit_recovers_c50_and_exponent(double c50, double n)
    {
        var c = new[] { 0.02, 0.05, 0.1, 0.2, 0.3, 0.45, 0.6, 0.8, 1.0 };
        var r = c.Select(x => 3 + 40 * Math.Pow(x, n) / (Math.Pow(x, n) + Math.Pow(c50, n))).ToArray();
        var fit = NakaRushton.Fit(c, r);
        Assert.Equal(c50, fit.C50, 3);
        Assert.Equal(n, fit.N, 2);
        Assert.Equal(3, fit.R0, 2);
        Assert.Equal(40, fit.Rmax, 1);
        Assert.True(fit.RSquared > 0.9999);
    }

    [Fact]
    public void Naka_rushton_fit_stays_close_with_noisy_responses()
    {
        var rng = new Random(4);
        var c = Enumerable.Range(1, 12).Select(i => Math.Pow(10, -2 + 2.0 * i / 12)).ToArray();
        var r = c.Select(x => 5 + 30 * x * x / (x * x + 0.09) + (rng.NextDouble() - 0.5)).ToArray();
        Assert.InRange(NakaRushton.Fit(c, r).C50, 0.27, 0.33);
    }

    /// <summary>A one-cell sweep over <paramref name="grid"/> whose recorded trace for each condition is given.</summary>
    static (SweepSpec, SweepData) Synthetic(string layer, string grid, string analyses, double duration, Func<SweepCondition, double[]> trace)
    {
        var spec = SweepSpec.Parse(JsonNode.Parse($$"""
            { "scene": { "seed": 1, "background": 0.5, "layers": [ {{layer}} ] },
              "grid": {{grid}}, "duration_s": {{duration}}, "warmup_s": 0.5, "analyses": {{analyses}} }
            """)!.AsObject(), "synthetic.json", ".");
        var responses = spec.Conditions.SelectMany(c => trace(c).Select(v => (float)v)).ToArray();
        return (spec, new SweepData(spec, [new CellInfo(0, "ON-transient", 180, 180)], responses));
    }

    static double Measure(SweepSpec spec, SweepData data, string measure) =>
        AnalysisCatalog.CreateAll(spec).Single().Run(data, new AnalysisOutput(ViST.Tests.TestPaths.TempDir(), false))
            .Single(r => r.Measure == measure).Value;

    [Fact]
    public void Moving_bar_analysis_uses_the_peak_of_a_brief_response()
    {
        // The bar crosses the RF in 3 frames of 60; the peak is cosine-tuned around 135 deg, the mean barely moves.
        var (spec, data) = Synthetic("""{ "type": "bar", "id": "bar", "direction_deg": 0, "speed_px_s": 300 }""",
            """{ "bar.direction_deg": {"linspace": [0, 315, 8]} }""", """[ { "type": "moving_bar", "parameter": "bar.direction_deg" } ]""", 2,
            c => Enumerable.Range(0, 60).Select(f => f is >= 30 and < 33 ? 20 + 10 * Math.Cos((c.Number(0) - 135) * Math.PI / 180) : 2.0).ToArray());
        Assert.Equal(135, Measure(spec, data, "preferred_direction_deg"), 6);
        Assert.Equal(0.25, Measure(spec, data, "dsi"), 6);   // a / 2b for peaks 20 + 10 cos
    }

    [Fact]
    public void Temporal_frequency_analysis_reads_f1_at_each_conditions_own_drift()
    {
        // Modulation amplitude is log-Gaussian in temporal frequency around 3 Hz; the mean rate is flat.
        double Amplitude(double hz) => 15 * Math.Exp(-Math.Pow(Math.Log(hz / 3), 2) / (2 * 0.7 * 0.7));
        var (spec, data) = Synthetic("""{ "type": "grating", "id": "g", "temporal_hz": 2, "cycles_per_px": 0.02 }""",
            """{ "g.temporal_hz": {"logspace": [0.5, 12, 8]} }""", """[ { "type": "temporal_frequency", "measure": "f1" } ]""", 4,
            c => Enumerable.Range(0, 120).Select(f => 20 + Amplitude(c.Number(0)) * Math.Sin(2 * Math.PI * c.Number(0) * f / 30.0)).ToArray());
        Assert.InRange(Measure(spec, data, "preferred_hz"), 3 * 0.93, 3 * 1.07);
    }

    [Fact]
    public void F1_measure_reads_the_modulation_at_the_drift_frequency()
    {
        var trace = Enumerable.Range(0, 60).Select(f => 10 + 4 * Math.Sin(2 * Math.PI * 2 * f / 30.0 + 0.3)).ToArray();
        Assert.Equal(4, ResponseMeasures.F1(trace, 2), 9);
        Assert.Equal(10, ResponseMeasures.Of(trace, ResponseMeasure.Mean), 9);
    }

    [Fact]
    public void A_log_axis_is_labelled_with_the_values_themselves()
    {
        // the spatial-frequency sweep's range: 0.001 to 0.1 cycles/px (two decades: majors at 1, 2, 5)
        var (major, minor) = SweepPlot.LogTicks(0.001, 0.1);
        Assert.Contains((Math.Log10(0.005), "0.005"), major);
        Assert.Contains((Math.Log10(0.01), "0.01"), major);
        Assert.Contains((Math.Log10(0.02), "0.02"), major);
        Assert.DoesNotContain(major, t => t.Label.StartsWith('-'));               // not log10 numbers
        Assert.Contains(Math.Log10(0.003), minor);
        Assert.DoesNotContain(major, t => minor.Contains(t.Log10));
        // over more than three decades only the powers of ten are labelled
        var (wide, _) = SweepPlot.LogTicks(0.01, 100);
        Assert.Equal(["0.001", "0.01", "0.1", "1", "10", "100", "1000"], wide.Select(t => t.Label));
    }
}

