using ViST.RetinaModel.Ln;
using ViST.Simulator.Audio;
using ViST.Simulator.Commands;
using ViST.Simulator.Controllers;
using ViST.Tests;

namespace ViST.Simulator.Tests;

/// <summary>The adaptive controller against the virtual LN retina, whose receptive fields are known: it must move a
/// bright spot to within one 22.5-px patch of the chosen ON cell's RF centre, through the real renderer.</summary>
public class AdaptiveLnTests
{
    [Theory]
    [InlineData(33)]     // ON-sustained near the centre
    [InlineData(88)]     // ON-transient in the periphery
    public void Adaptive_finds_an_ln_cells_receptive_field(int cell)
    {
        var truth = LnMosaic.Cells[cell];
        Assert.Equal(1, truth.Polarity);
        string scene = Path.Combine(TestPaths.TempDir(), "spot.json");
        File.WriteAllText(scene, """{"seed": 1, "background": 0.5, "layers": [{"type": "spot", "id": "spot", "center_px": [180, 180], "radius_px": 45, "contrast": 1}]}""");
        var adaptive = new AdaptiveController(new AdaptiveOptions([ParamRange.Parse("spot.center_px=20:340,20:340")], Cell: cell,
            FramesPerEvaluation: 12, SettleFrames: 4, MaxEvaluations: 70));
        // 45 s: 70 evaluations of 12 frames, plus the few frames each change takes to reach the screen
        var settings = new RunSettings(StimulusArguments.ToJson(scene, null, RuntimeFactories.Real.ReadScene), "ln", Headless: true,
            Seconds: 45, RecordPath: null, Audio: "off", SonifyMode.Cells, [], null, false, adaptive);
        RunSession.Execute(settings, RuntimeFactories.Real);

        Assert.True(adaptive.Done);
        var best = adaptive.Best["spot.center_px"];
        double distance = Math.Sqrt(Math.Pow(best[0] - truth.CenterX, 2) + Math.Pow(best[1] - truth.CenterY, 2));
        Assert.True(distance <= 22.5, $"cell {cell} at ({truth.CenterX}, {truth.CenterY}): best spot at ({best[0]:F1}, {best[1]:F1}), {distance:F1} px away");
    }
}
