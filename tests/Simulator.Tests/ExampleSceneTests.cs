using System.Text.Json;
using ViST.Renderer;
using ViST.Renderer.Scenes;
using ViST.RetinaModel.Ln;
using ViST.Tests;
using Xunit.Abstractions;

namespace ViST.Simulator.Tests;

/// <summary>
/// Every example scene in scenes/ must show something to a retina: through the real renderer, the LN retina's mean
/// response (all 90 cells, after the first half second) must change clearly when the scene's main parameter goes
/// from a low to its high value. A new example needs a row here.
/// </summary>
public class ExampleSceneTests(ITestOutputHelper output)
{
    /// <summary>Per scene file: the main parameter (layer.param), a low and a high value, and how long to watch.</summary>
    static readonly Dictionary<string, (string Parameter, string Low, string High, double Seconds)> MainParameters = new()
    {
        ["bar.json"] = ("on.contrast", "0.2", "1", 2.8),
        ["chirp.json"] = ("chirp.contrast", "0.2", "1", 32),
        ["flash.json"] = ("flash.steps", "[[1, 0.6], [1, 0.5], [1, 0.4], [1, 0.5]]", "[[1, 1.0], [1, 0.5], [1, 0.0], [1, 0.5]]", 4),
        ["grating-reversing.json"] = ("reversing.contrast", "0.1", "1", 4),
        ["grating.json"] = ("grating.contrast", "0.1", "1", 3),
        ["image.json"] = ("image.contrast", "0.2", "1", 2),
        ["movie.json"] = ("movie.contrast", "0.2", "1", 3),
        ["naturalistic.json"] = ("leaves.contrast", "0.2", "1", 3),
        ["noise-gaussian.json"] = ("noise.contrast", "0.1", "0.35", 3),
        ["noise.json"] = ("noise.contrast", "0.2", "1", 3),
        ["spot-on-grating.json"] = ("spot.contrast", "-0.2", "-1", 4),
        ["spot.json"] = ("centre.contrast", "0.2", "1", 4),
    };

    public static TheoryData<string> Scenes() => [.. MainParameters.Keys];

    [Fact]
    public void Every_example_scene_has_a_main_parameter()
    {
        var files = Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "scenes"), "*.json").Select(Path.GetFileName).Order();
        Assert.Equal(files, MainParameters.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(Scenes))]
    public void An_example_scene_evokes_responses_that_change_with_its_main_parameter(string file)
    {
        var (parameter, low, high, seconds) = MainParameters[file];
        var scene = SceneJson.Load(Path.Combine(TestPaths.RepoRoot, "scenes", file));
        string layer = parameter[..parameter.IndexOf('.')], name = parameter[(parameter.IndexOf('.') + 1)..];
        Scene With(string value)
        {
            using var doc = JsonDocument.Parse(value);
            return scene.WithParam(layer, name, doc.RootElement.Clone());
        }
        var (lowRate, highRate) = MeanRates(With(low), With(high), (int)Math.Round(seconds * FrameSpec.FrameRate));
        output.WriteLine($"{file}: {parameter} {low} -> {lowRate:F2} spikes/s, {high} -> {highRate:F2} spikes/s");
        Assert.True(highRate >= 1, $"{file} at {parameter} = {high}: mean {highRate:F2} spikes/s, the retina hardly sees it");
        Assert.True(highRate >= 1.5 * lowRate, $"{file}: {parameter} {low} -> {lowRate:F2}, {high} -> {highRate:F2} spikes/s: too little change");
    }

    /// <summary>Mean rate over cells and frames (after 0.5 s) of the LN retina watching two scenes side by side.</summary>
    static (double A, double B) MeanRates(Scene a, Scene b, int frames)
    {
        using var renderer = new HeadlessRenderer();
        using var retina = new LnRetina(streams: 2);
        int cells = retina.Cells.Count, skip = (int)(0.5 * FrameSpec.FrameRate);
        var pair = new byte[2 * FrameSpec.Pixels];
        var rates = new float[2 * cells];
        double sumA = 0, sumB = 0;
        for (int f = 0; f < frames; f++)
        {
            renderer.RenderBatch([a, b], f, pair);
            retina.Step(pair, rates);
            if (f < skip) continue;
            for (int c = 0; c < cells; c++) { sumA += rates[c]; sumB += rates[cells + c]; }
        }
        double n = (double)(frames - skip) * cells;
        return (sumA / n, sumB / n);
    }
}
