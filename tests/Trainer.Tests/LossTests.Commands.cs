using System.CommandLine;
using System.Text.Json;
using ViST.Cli;
using ViST.RetinaModel.IO;
using ViST.Tests;
using ViST.Trainer.Commands;

namespace ViST.Trainer.Tests;

[CollectionDefinition("loss-metrics-console", DisableParallelization = true)]
public class LossMetricsConsoleCollection;

/// <summary>`vist-train loss` and `vist-train metrics` end to end on the golden files.</summary>
[Collection("loss-metrics-console")]
public class LossAndMetricsCommandTests
{
    static (int Code, string Out, string Err) Run(params string[] args) => VistTrain.Run(args);

    [Fact]
    public void LossPrintsTheTermsAndWritesTheGradient()
    {
        string grad = Path.Combine(TestPaths.TempDir(), "grad.npy");
        var (code, output, error) = Run("loss", "--pred", TestPaths.Golden("loss_yhat.npy"), "--target", TestPaths.Golden("loss_y.npy"), "--grad-out", grad);
        Assert.True(code == 0, error);
        var json = JsonDocument.Parse(output).RootElement;
        var g = LossGolden.Root.GetProperty("loss");
        Assert.InRange(LossGolden.RelativeError(json.GetProperty("loss").GetDouble(), g.GetProperty("loss").GetDouble()), 0, 1e-5);
        Assert.InRange(LossGolden.RelativeError(json.GetProperty("rmse").GetDouble(), g.GetProperty("rmse").GetDouble()), 0, 1e-5);
        Assert.True(json.GetProperty("sdtw_short").GetDouble() > 0);
        var written = Npy.Read(grad);
        Assert.Equal(new long[] { 2, 90, 128 }, written.Shape);
        Assert.InRange(LossGolden.RelativeError(written.ToFloat64(), LossGolden.Doubles("loss_grad.npy")), 0, 1e-4);
    }

    [Fact]
    public void LossRejectsMismatchedShapesNamingTheFile()
    {
        var (code, _, error) = Run("loss", "--pred", TestPaths.Golden("loss_yhat.npy"), "--target", TestPaths.Golden("loss_yhat.npy"));
        Assert.Equal(CliRunner.BadInput, code);
        Assert.Contains("loss_yhat.npy", error);
        Assert.Contains("[B, T, cells]", error);
    }

    [Fact]
    public void MetricsPrintsTheAuthorsNumbers()
    {
        var (code, output, error) = Run("metrics", "--pred", TestPaths.Golden("metrics_preds.npy"), "--target", TestPaths.Golden("metrics_target.npy"));
        Assert.True(code == 0, error);
        var json = JsonDocument.Parse(output).RootElement;
        var g = LossGolden.Root.GetProperty("metrics");
        Assert.InRange(Math.Abs(json.GetProperty("pearson").GetProperty("mean_abs").GetDouble() - g.GetProperty("pearson_abs_mean").GetDouble()), 0, 1e-6);
        Assert.Equal(12, json.GetProperty("pearson").GetProperty("per_neuron").GetArrayLength());
        Assert.InRange(LossGolden.RelativeError(json.GetProperty("sd_kl").GetProperty("mean").GetDouble(), g.GetProperty("sd_kl").GetProperty("mean").GetDouble()), 0, 1e-4);
        Assert.InRange(LossGolden.RelativeError(json.GetProperty("sd_tvd").GetProperty("mean").GetDouble(), g.GetProperty("sd_tvd").GetProperty("mean").GetDouble()), 0, 1e-4);
        Assert.False(json.TryGetProperty("noise_ceiling", out _));
    }

    [Fact]
    public void MetricsWithTrialsAddsTheNoiseCeiling()
    {
        // Trials [R, N * frames, neurons] built from the golden target: 4 copies with different offsets.
        var target = Npy.Read(TestPaths.Golden("metrics_target.npy"));
        var t = target.ToFloat32();
        int n = 2, c = 12, f = 300, r = 4;
        var trials = new float[r * n * f * c];
        for (int k = 0; k < r; k++)
            for (int b = 0; b < n; b++)
                for (int i = 0; i < c; i++)
                    for (int s = 0; s < f; s++)
                        trials[((k * n * f) + b * f + s) * c + i] = t[(b * c + i) * f + s] + 0.1f * ((k * 7 + s * 3 + i) % 5 - 2);
        string file = Path.Combine(TestPaths.TempDir(), "trials.npy");
        Npy.Write(file, trials, r, n * f, c);
        var (code, output, error) = Run("metrics", "--pred", TestPaths.Golden("metrics_preds.npy"), "--target", TestPaths.Golden("metrics_target.npy"), "--trials", file);
        Assert.True(code == 0, error);
        var ceiling = JsonDocument.Parse(output).RootElement.GetProperty("noise_ceiling");
        foreach (var key in new[] { "split_half", "split_half_spearman_brown", "fev", "feve", "cc_max", "cc_norm" })
            Assert.Equal(12, ceiling.GetProperty(key).GetProperty("per_neuron").GetArrayLength());
        Assert.InRange(ceiling.GetProperty("split_half").GetProperty("mean").GetDouble(), 0.5, 1.0);

        Npy.Write(file, trials, r, n * f / 2, c * 2);
        (code, _, error) = Run("metrics", "--pred", TestPaths.Golden("metrics_preds.npy"), "--target", TestPaths.Golden("metrics_target.npy"), "--trials", file);
        Assert.Equal(CliRunner.BadInput, code);
        Assert.Contains("trials.npy: expected [trials, 600, 12]", error);
    }

    [Fact]
    public void MetricsRejectsNaNNamingTheFile()
    {
        string file = Path.Combine(TestPaths.TempDir(), "pred.npy");
        var data = new float[2 * 3 * 10];
        data[17] = float.NaN;
        Npy.Write(file, data, 2, 3, 10);
        var (code, _, error) = Run("metrics", "--pred", file, "--target", file);
        Assert.Equal(CliRunner.BadInput, code);
        Assert.Contains("pred.npy: value NaN at flat index 17", error);
    }
}
