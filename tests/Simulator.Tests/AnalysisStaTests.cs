using ViST.RetinaModel;
using System.Text.Json.Nodes;
using ViST.Renderer;
using ViST.RetinaModel.IO;
using ViST.InSilico.Analysis;
using ViST.InSilico.Sweeps;
using ViST.Tests;

namespace ViST.Simulator.Tests;

public class AnalysisStaTests
{
    [Fact]
    public void Gaussian_moments_find_the_centre_and_size_of_a_gaussian_map()
    {
        const int g = 45;
        var map = new double[g * g];
        for (int y = 0; y < g; y++)
            for (int x = 0; x < g; x++)
            {
                double px = (x + 0.5) * 8, py = (y + 0.5) * 8;
                map[y * g + x] = -3 * Math.Exp(-((px - 130) * (px - 130) + (py - 210) * (py - 210)) / (2 * 24.0 * 24.0));
            }
        var fit = GaussianMoments.Fit(map, g, g, 8);
        Assert.Equal(-1, fit.Polarity);
        Assert.Equal(130, fit.CenterX, 0);
        Assert.Equal(210, fit.CenterY, 0);
        // Moments above 20 % of the peak see a truncated Gaussian: sigma is smaller, by a known factor (~0.67 here).
        Assert.InRange(fit.Sigma, 0.55 * 24, 0.8 * 24);
    }

    [Fact]
    public void Sta_of_linear_gaussian_cells_on_checkerboard_noise_finds_centres_polarity_and_latency()
    {
        FakeCell[] cells =
        [
            new(0, 100, 250, 18, +1, false, DelayFrames: 4),
            new(1, 270, 95, 25, -1, false, DelayFrames: 1),
            new(2, 190, 180, 15, +1, true),
        ];
        var spec = SweepSpec.Parse(JsonNode.Parse("""
            { "scene": { "seed": 11, "background": 0.5, "layers": [ { "type": "noise", "id": "n", "check_px": 22.5, "contrast": 0.8 } ] },
              "grid": { "seed": [11, 12] }, "duration_s": 10, "warmup_s": 0.5, "analyses": [ { "type": "sta", "grid": 16, "lags": 10 } ] }
            """)!.AsObject(), "sta-test.json", ".");
        using var retina = new TunedFakeRetina(cells, streams: 2);
        var dir = TestPaths.TempDir();
        var store = SweepStore.Create(dir, spec, SweepManifest.For(spec, ModelIdentity.BuiltIn("fake"), retina.Cells, 0, 1), resume: false);
        // RF masks as a model bundle would give them: Gaussians on the 16x16 patch grid at the true centres.
        var masks = new float[cells.Length * 256];
        for (int c = 0; c < cells.Length; c++)
            for (int i = 0; i < 256; i++)
            {
                double px = (i % 16 + 0.5) * 22.5 - cells[c].X, py = (i / 16 + 0.5) * 22.5 - cells[c].Y;
                masks[c * 256 + i] = (float)Math.Exp(-(px * px + py * py) / (2 * cells[c].Sigma * cells[c].Sigma));
            }
        Npy.Write(Path.Combine(dir, SweepFinalizer.RfMasksFile), masks, cells.Length, 16, 16);

        new SweepRunner(spec, s => new FakeSceneSource(s), retina).Run(store, [0, 1]);
        SweepFinalizer.Finish(store, spec, AnalysisCatalog.CreateAll(spec), s => new FakeSceneSource(s), plots: true);

        var rows = File.ReadAllLines(Path.Combine(dir, ResultsCsv.FileName)).Where(l => l.StartsWith("sta,")).Select(l => l.Split(',')).ToList();
        double Value(int cell, string measure) => double.Parse(rows.Single(r => r[3] == cell.ToString() && r[5] == measure)[6], System.Globalization.CultureInfo.InvariantCulture);
        for (int c = 0; c < cells.Length; c++)
        {
            Assert.InRange(Value(c, "distance_to_cell_center_px"), 0, 22.5);
            Assert.InRange(Value(c, "distance_to_mask_center_px"), 0, 22.5);
            Assert.True(Value(c, "mask_correlation") > 0.5, $"cell {c}: mask correlation {Value(c, "mask_correlation")}");
            Assert.Equal(cells[c].Sign, Value(c, "polarity"));
        }
        Assert.InRange(Value(0, "best_lag_frames"), 4, 5);
        Assert.InRange(Value(1, "best_lag_frames"), 1, 2);
        Assert.Equal(Value(0, "best_lag_frames") / FrameSpec.FrameRate, Value(0, "latency_s"), 9);
        var sta = Npy.Read(Path.Combine(dir, "sta.npy"));
        Assert.Equal(new long[] { 3, 10, 16, 16 }, sta.Shape);
        Assert.True(new FileInfo(Path.Combine(dir, "plots", "sta.png")).Length > 1000);
    }
}
