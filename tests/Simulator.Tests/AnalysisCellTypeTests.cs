using System.Text.Json.Nodes;
using ViST.RetinaModel;
using ViST.InSilico.Analysis;
using ViST.InSilico.Sweeps;
using ViST.Tests;

namespace ViST.Simulator.Tests;

public class AnalysisCellTypeTests
{
    /// <summary>Rate of a cell to a light step in [on, off) frames: sustained keeps half its peak, transient decays.</summary>
    static double[] Step(int frames, int on, int off, double peak, bool transient, double baseline = 4)
    {
        var t = new double[frames];
        for (int f = 0; f < frames; f++)
            t[f] = baseline + (f >= on && f < off ? peak * (transient ? Math.Exp(-(f - on) / 3.0) : 0.5 + 0.5 * Math.Exp(-(f - on) / 3.0)) : 0);
        return t;
    }

    [Fact]
    public void Step_response_separates_transient_from_sustained()
    {
        var sustained = StepResponse.Measure(Step(90, 30, 90, 20, false), 4, 30, 90);
        var transient = StepResponse.Measure(Step(90, 30, 90, 20, true), 4, 30, 90);
        Assert.Equal(20, sustained.Peak, 9);
        Assert.InRange(sustained.SustainedIndex, 0.49, 0.51);
        Assert.InRange(transient.SustainedIndex, 0, 0.01);
        Assert.True(double.IsNaN(StepResponse.Measure(Enumerable.Repeat(4.0, 90).ToArray(), 4, 30, 90).SustainedIndex));
    }

    [Theory]
    [InlineData(20, 0, false, "ON-sustained")]
    [InlineData(0, 20, true, "OFF-transient")]
    [InlineData(15, 12, true, "ON-OFF-transient")]
    public void Classifier_labels_polarity_and_kinetics(double onPeak, double offPeak, bool transient, string expected)
    {
        var on = StepResponse.Measure(Step(90, 30, 90, onPeak, transient), 4, 30, 90);
        var off = StepResponse.Measure(Step(90, 30, 90, offPeak, transient), 4, 30, 90);
        Assert.Equal(expected, CellTypeClassifier.Classify(on, off).Label);
    }

    [Fact]
    public void Agreement_with_known_types_checks_polarity_and_stated_kinetics()
    {
        Assert.True(CellTypeClassifier.Agrees("OFF-transient", "OFF-transient"));
        Assert.False(CellTypeClassifier.Agrees("ON-OFF-transient", "ON-transient"));
        Assert.False(CellTypeClassifier.Agrees("ON-sustained", "ON-transient"));
        Assert.True(CellTypeClassifier.Agrees("ON-sustained", "ON"));
        Assert.Null(CellTypeClassifier.Agrees("ON-sustained", "unknown"));
    }

    static SweepSpec Spec(string grid, string analyses, double duration, double warmup) => SweepSpec.Parse(JsonNode.Parse($$"""
        { "scene": { "seed": 1, "background": 0.5, "layers": [ { "type": "spot", "id": "f", "radius_px": 300, "contrast": 1, "start_s": 1, "end_s": 3 } ] },
          "grid": {{grid}}, "duration_s": {{duration}}, "warmup_s": {{warmup}}, "analyses": {{analyses}} }
        """)!.AsObject(), "test-sweep.json", ".");

    [Fact]
    public void Flash_classification_labels_synthetic_on_and_off_cells()
    {
        var spec = Spec("""{ "f.contrast": [1, -1] }""", """[ { "type": "flash_classification", "step_s": [1.5, 3.5] } ]""", 4, 0.5);
        var cells = new[] { new CellInfo(7, "ON-sustained", 0, 0), new CellInfo(8, "OFF-transient", 0, 0), new CellInfo(9, "ON-sustained", 0, 0) };
        int frames = spec.RecordFrames; // 120 frames from scene time 0.5 s; the step is frames 30..90
        var traces = new[]
        {
            // condition 0 (increment): cells 7, 8, 9 ; condition 1 (decrement)
            new[] { Step(frames, 30, 90, 25, false), Step(frames, 30, 90, 0, true), Step(frames, 30, 90, 0, true) },
            new[] { Step(frames, 30, 90, 0, false), Step(frames, 30, 90, 30, true), Step(frames, 30, 90, 20, true) },
        };
        var responses = new float[2 * frames * 3];
        for (int c = 0; c < 2; c++) for (int f = 0; f < frames; f++) for (int k = 0; k < 3; k++)
            responses[(c * frames + f) * 3 + k] = (float)traces[c][k][f];
        var analysis = AnalysisCatalog.CreateAll(spec).Single();
        var rows = analysis.Run(new SweepData(spec, cells, responses), new AnalysisOutput(TestPaths.TempDir(), Plots: true));

        string Label(int cell) => rows.Single(r => r.Cell == cell && r.Measure == "cell_type").Label!;
        Assert.Equal("ON-sustained", Label(0));
        Assert.Equal("OFF-transient", Label(1));
        Assert.Equal("OFF-transient", Label(2));
        Assert.Equal(new double[] { 1, 1, 0 }, rows.Where(r => r.Measure == "type_agrees").Select(r => r.Value));
        Assert.Equal(-1, rows.Single(r => r.Cell == 1 && r.Measure == "polarity_index").Value, 6);
    }

    [Fact]
    public void Chirp_analysis_classifies_from_the_light_step_and_measures_the_frequency_sweep()
    {
        var spec = Spec("""{ "f.contrast": [1] }""",
            """[ { "type": "chirp", "step_on_s": [1, 3], "step_off_s": [3, 5], "frequency_s": [5, 11] } ]""", 11, 0);
        int frames = spec.RecordFrames;
        var cells = new[] { new CellInfo(0, "OFF-sustained", 0, 0) };
        var responses = new float[frames];
        for (int f = 0; f < frames; f++)
        {
            // A sustained OFF cell fires in the dark before the step, is silenced by light and fires again after it.
            double t = f / 30.0, r = 10;
            if (t >= 1 && t < 3) r = 1;
            if (t >= 3 && t < 5) r = 10 + 6 * Math.Exp(-(t - 3) / 0.2);
            if (t >= 5) r += 2 + 2 * (t - 5) / 6 * Math.Sin(2 * Math.PI * (t - 5) * (t - 5)); // growing modulation
            responses[f] = (float)r;
        }
        var rows = AnalysisCatalog.CreateAll(spec).Single().Run(new SweepData(spec, cells, responses), new AnalysisOutput(TestPaths.TempDir(), false));
        Assert.Equal("OFF-sustained", rows.Single(r => r.Measure == "cell_type").Label);
        Assert.Equal(1, rows.Single(r => r.Measure == "type_agrees").Value);
        Assert.True(rows.Single(r => r.Measure == "frequency_index").Value > 2);
    }

    [Fact]
    public void Flash_classification_without_a_baseline_or_without_decrements_is_rejected()
    {
        var noBaseline = Assert.Throws<InvalidDataException>(() => AnalysisCatalog.CreateAll(
            Spec("""{ "f.contrast": [1, -1] }""", """[ { "type": "flash_classification", "step_s": [1, 3] } ]""", 4, 1)));
        Assert.Contains("baseline", noBaseline.Message);
        var noOff = Assert.Throws<InvalidDataException>(() => AnalysisCatalog.CreateAll(
            Spec("""{ "f.contrast": [1, 0.5] }""", """[ { "type": "flash_classification", "step_s": [1, 3] } ]""", 4, 0)));
        Assert.Contains("decrements", noOff.Message);
    }
}
