using TorchSharp;
using ViST.RetinaModel.Data.Datasets;
using ViST.Tests;
using ViST.Trainer.Torch;
using ViST.Trainer.Training;
using Xunit.Abstractions;

namespace ViST.Trainer.Tests;

/// <summary>`train --precision` on the CPU: every mode trains; tf32 is fp32 here; bf16 really runs in bfloat16 and
/// its losses stay within <see cref="Bf16Tolerance"/> of fp32's.</summary>
public class TrainingPrecisionTests(ITestOutputHelper output)
{
    /// <summary>Relative difference allowed between bf16's and fp32's losses after the same two steps: 1 %. bfloat16
    /// keeps 8 significant bits (rounding up to 2^-9 = 0.2 % per operation, partly averaging out); measured here:
    /// train loss 4.3e-4, validation loss 8.3e-4 apart.</summary>
    const double Bf16Tolerance = 0.01;

    static TrainOptions Tiny(string precision) => new()
    {
        Backbone = "test", Epochs = 1, StepsPerEpoch = 2, BatchSize = 2, Window = 48, Lr = 5e-3, WarmupLr = 5e-3,
        WarmupEpochs = 0, MinLr = 1e-3, SwaStart = 0, VideoLayers = 2, VideoDim = 4, Seed = 5, Device = "cpu", Precision = precision,
    };

    [Fact]
    public void EveryPrecisionTrainsAndBf16StaysCloseToFp32()
    {
        var data = new TrainingData(Dataset.Load(TrainingPipelineTests.MakeDataset()), "test", null);
        var epoch = TrainingPrecision.Names.ToDictionary(p => p, p =>
        {
            var run = new TrainingRun(TestPaths.TempDir());
            new ViStTrainer(data, Tiny(p), run).Run(resume: false);
            Assert.True(File.Exists(run.FinalWeights), p);
            return TrainingLog.Read(run.LogFile).Single();
        });
        foreach (var (p, row) in epoch)
            output.WriteLine($"{p}: train loss {row.TrainLoss:R}, val loss {row.ValLoss:R}");
        foreach (var (p, row) in epoch)
            Assert.True(double.IsFinite(row.TrainLoss) && double.IsFinite(row.ValLoss) && row.TrainLoss > 0, $"{p}: {row}");

        // TF32 is a GPU format: on the CPU tf32 computes exactly what fp32 does.
        Assert.Equal(epoch["fp32"].TrainLoss, epoch["tf32"].TrainLoss);
        Assert.Equal(epoch["fp32"].ValLoss, epoch["tf32"].ValLoss);

        // bf16 differs (so autocast was on) but only by rounding.
        var (fp32, bf16) = (epoch["fp32"], epoch["bf16"]);
        Assert.NotEqual(fp32.TrainLoss, bf16.TrainLoss);
        Assert.InRange(Math.Abs(bf16.TrainLoss - fp32.TrainLoss) / fp32.TrainLoss, 0, Bf16Tolerance);
        Assert.InRange(Math.Abs(bf16.ValLoss - fp32.ValLoss) / fp32.ValLoss, 0, Bf16Tolerance);
    }

    [Fact]
    public void AutocastRunsMatrixProductsInBfloat16OnlyInsideItsScope()
    {
        TorchRuntime.Start();
        using var scope = torch.NewDisposeScope();
        using var linear = torch.nn.Linear(8, 3);
        var x = torch.randn(4, 8);
        using (new Autocast(DeviceType.CPU, torch.ScalarType.BFloat16))
        {
            Assert.True(Autocast.IsOn(DeviceType.CPU));
            Assert.Equal(torch.ScalarType.BFloat16, linear.forward(x).dtype);
            Assert.Equal(torch.ScalarType.Float32, linear.weight!.dtype);       // the parameters stay float32
        }
        Assert.False(Autocast.IsOn(DeviceType.CPU));
        Assert.Equal(torch.ScalarType.Float32, linear.forward(x).dtype);
    }

    [Fact]
    public void UnknownPrecisionIsRefused()
    {
        string dataset = TrainingPipelineTests.MakeDataset();
        var (code, _, err) = VistTrain.Run("train", dataset, "--out", TestPaths.TempDir(), "--backbone", "test", "--precision", "fp16");
        Assert.Equal(2, code);
        Assert.Equal("error: precision must be fp32, tf32, bf16, got 'fp16'", err.Trim());

        (code, _, err) = VistTrain.Run("bench", "step", "--precision", "FP32");
        Assert.Equal(2, code);
        Assert.Equal("error: --precision must be fp32, tf32, bf16, got 'FP32'", err.Trim());
    }
}
