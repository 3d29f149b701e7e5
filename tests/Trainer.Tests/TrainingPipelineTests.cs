using ViST.RetinaModel.Data.Datasets;
using ViST.RetinaModel.IO;
using ViST.Tests;
using ViST.Trainer.Training;

namespace ViST.Trainer.Tests;

/// <summary>The CI-sized training smoke test: a tiny dataset whose rates are a causal function of its features,
/// a few steps of the authors' loop; the loss falls, and a run stopped and resumed equals one that never stopped.</summary>
public class TrainingPipelineTests
{
    const int Frames = 240, Dim = 6, Cells = 5;

    static TrainOptions Tiny => new()
    {
        Backbone = "test", Epochs = 4, StepsPerEpoch = 4, BatchSize = 2, Window = 48, Lr = 5e-3, WarmupLr = 5e-3,
        WarmupEpochs = 0, MinLr = 1e-3, SwaStart = 3, SwaLr = 1e-3, SwaAnnealEpochs = 1, VideoLayers = 2, VideoDim = 4,
        Seed = 5, Device = "cpu",
    };

    [Fact]
    public void TrainingLowersTheLossAndResumeContinuesTheSameRun()
    {
        var data = new TrainingData(Dataset.Load(MakeDataset()), "test", null);

        var straight = new TrainingRun(TestPaths.TempDir());
        new ViStTrainer(data, Tiny, straight).Run(resume: false);
        var log = TrainingLog.Read(straight.LogFile);
        Assert.Equal(Tiny.Epochs + 1, log.Count);                    // 4 epochs + the SWA row
        Assert.True(log[^2].TrainLoss < log[0].TrainLoss, $"train loss {log[0].TrainLoss} -> {log[^2].TrainLoss}");
        // Not asserted: that the held-out loss falls. In 16 steps on this tiny random dataset it moves by a few
        // per cent either way with the dropout draws (seeds 5-8: -23 % to +5 % from the first epoch to the SWA row);
        // every epoch must still be validated, to a finite loss.
        Assert.All(log, r => Assert.True(double.IsFinite(r.ValLoss) && r.ValLoss > 0, $"epoch {r.Epoch}: val loss {r.ValLoss}"));
        Assert.StartsWith("swa over 2 epochs", log[^1].Note);     // snapshots at the start of epochs 2 and 3
        using (var curve = SkiaSharp.SKBitmap.Decode(straight.CurveFile))    // the plot of log.csv, two panels
            Assert.Equal((1200, 420), (curve.Width, curve.Height));

        var interrupted = new TrainingRun(TestPaths.TempDir());
        new ViStTrainer(data, Tiny, interrupted).Run(resume: false, stopAfterEpoch: 1);
        Assert.False(File.Exists(interrupted.FinalWeights));
        var beforeResume = TrainingLog.Read(interrupted.LogFile);
        Assert.Equal(2, beforeResume.Count);
        new ViStTrainer(data, Tiny, interrupted).Run(resume: true);

        // The resumed run keeps its first epochs, continues at epoch 2 from the trained weights and optimizer state
        // (its epoch-2 loss is near the uninterrupted run's, far below a fresh start's epoch-0 loss), and finishes
        // with SWA and final weights of the same network.
        var resumedLog = TrainingLog.Read(interrupted.LogFile);
        Assert.Equal(log.Count, resumedLog.Count);
        Assert.Equal(beforeResume, resumedLog.Take(2));
        Assert.Equal(Enumerable.Range(0, Tiny.Epochs + 1), resumedLog.Select(r => r.Epoch));
        Assert.InRange(resumedLog[2].TrainLoss, 0.8 * log[2].TrainLoss, 1.2 * log[2].TrainLoss);
        Assert.True(resumedLog[2].TrainLoss < 0.9 * resumedLog[0].TrainLoss, $"epoch 2 loss {resumedLog[2].TrainLoss} vs epoch 0 {resumedLog[0].TrainLoss}");
        Assert.StartsWith("swa over 2 epochs", resumedLog[^1].Note);
        Assert.Equal(SafeTensors.Read(straight.FinalWeights).Keys.Order(), SafeTensors.Read(interrupted.FinalWeights).Keys.Order());
        // Run alone, the two runs end bit-identical; after other Trainer tests in the same process they can differ
        // (an unexplained source of nondeterminism: see the issue note), so exact equality is not asserted here.
    }

    [Fact]
    public void InitStartsFromTheGivenRunsWeights()
    {
        string dataset = MakeDataset();
        var data = new TrainingData(Dataset.Load(dataset), "test", null);
        var trained = new TrainingRun(TestPaths.TempDir());
        new ViStTrainer(data, Tiny with { Epochs = 2, SwaStart = 0 }, trained).Run(resume: false);

        // One step at a negligible learning rate: the fine-tuned weights are the starting ones, not a fresh draw.
        var tuned = new TrainingRun(TestPaths.TempDir());
        var nudge = Tiny with { Epochs = 1, StepsPerEpoch = 1, Lr = 1e-9, WarmupLr = 1e-9, MinLr = 1e-9, SwaStart = 0, Seed = 99, InitWeights = trained.Directory };
        new ViStTrainer(data, nudge, tuned).Run(resume: false);
        var before = SafeTensors.Read(trained.FinalWeights);
        var after = SafeTensors.Read(tuned.FinalWeights);
        foreach (var key in new[] { "msb_5.weight", "stage1.conv_1x1.weight", "msb_1.embed.0.0.conv.weight" })
        {
            var (a, b) = (before[key].ToFloat32(), after[key].ToFloat32());
            Assert.True(a.Zip(b).Max(p => Math.Abs(p.First - p.Second)) < 1e-6, key);
        }

        var (code, _, err) = VistTrain.Run("train", dataset, "--out", TestPaths.TempDir(), "--backbone", "test", "--window", "48", "--init", "/nonexistent/run");
        Assert.NotEqual(0, code);
        Assert.Contains("--init /nonexistent/run: no such file or folder", err);
        (code, _, err) = VistTrain.Run("train", dataset, "--out", Path.Combine(TestPaths.TempDir(), "r"), "--backbone", "test", "--video-dim", "6",
            "--video-layers", "2", "--epochs", "1", "--steps-per-epoch", "1", "--batch", "2", "--window", "48", "--swa-start", "0", "--init", trained.Directory);
        Assert.NotEqual(0, code);
        Assert.Contains("wrong shapes", err);

        // Without --video-dim/--video-layers the network takes the starting weights' shape (Tiny: 2 layers of 4).
        string cli = Path.Combine(TestPaths.TempDir(), "cli");
        (code, _, err) = VistTrain.Run("train", dataset, "--out", cli, "--backbone", "test", "--epochs", "1", "--steps-per-epoch", "1",
            "--batch", "2", "--window", "48", "--swa-start", "0", "--init", trained.FinalWeights);
        Assert.True(code == 0, err);
        var info = new TrainingRun(cli).ReadRunInfo();
        Assert.Equal((2, 4), (info.VideoLayers, info.VideoDim));
    }

    [Fact]
    public void TheBalancedLossWeighsCellsByTheInverseOfTheirSpreadAndTrains()
    {
        string dir = MakeDataset();
        var data = new TrainingData(Dataset.Load(dir), "test", null);
        var weights = CellBalance.Weights(CellBalance.Spreads(data));
        double Spread(int c)
        {
            var v = data.Split.Train.SelectMany(r => Enumerable.Range(r.Start, r.Count)).Select(t => (double)data.Rates[t * Cells + c]).ToArray();
            double m = v.Average();
            return Math.Sqrt(v.Average(x => (x - m) * (x - m)));
        }
        Assert.Equal(1.0, weights.Average(), 5);
        for (int c = 1; c < Cells; c++) Assert.Equal(Spread(0) / Spread(c), weights[c] / weights[0], 3);

        string run = Path.Combine(TestPaths.TempDir(), "run");
        var (code, output, err) = VistTrain.Run("train", dir, "--out", run, "--backbone", "test",
            "--loss", "vist-balanced", "--epochs", "2", "--steps-per-epoch", "4", "--batch", "2", "--window", "48",
            "--video-layers", "2", "--video-dim", "4", "--lr", "5e-3", "--warmup-epochs", "0", "--swa-start", "0");
        Assert.True(code == 0, err);
        Assert.Contains("loss vist-balanced: rate spreads", output);
        Assert.Equal("vist-balanced", new TrainingRun(run).ReadRunInfo().Options.Loss);
        var log = TrainingLog.Read(new TrainingRun(run).LogFile);
        Assert.True(log[^1].TrainLoss < log[0].TrainLoss, $"train loss {log[0].TrainLoss} -> {log[^1].TrainLoss}");
        (code, _, err) = VistTrain.Run("train", dir, "--out", TestPaths.TempDir(), "--backbone", "test", "--loss", "balanced");
        Assert.NotEqual(0, code);
        Assert.Contains("loss must be vist, rmse or vist-balanced, got 'balanced'", err);
    }

    [Fact]
    public void MissingFeatureCacheNamesTheCommandToRun()
    {
        var e = Assert.Throws<FileNotFoundException>(() => new TrainingData(Dataset.Load(MakeDataset(withFeatures: false)), "resnet18-l3", null));
        Assert.Contains("vist-train features", e.Message);
    }

    /// <summary>Random features; each cell's rate is a rectified, causally smoothed mix of a few feature channels
    /// in its own patch, so a small network can learn it. Two movies, cross-movie split.</summary>
    internal static string MakeDataset(bool withFeatures = true)
    {
        string dir = TestPaths.TempDir("vist-train");
        var rng = new Random(11);
        var feats = new float[Frames * 256 * Dim];
        for (int i = 0; i < feats.Length; i++) feats[i] = (float)(rng.NextDouble() * 2 - 1);
        var rates = new float[Frames * Cells];
        var masks = new float[Cells * 256];
        for (int c = 0; c < Cells; c++)
        {
            int patch = 40 + 37 * c;
            masks[c * 256 + patch] = 1;
            double state = 0;
            for (int t = 0; t < Frames; t++)
            {
                if (t == Frames / 2) state = 0;
                double drive = feats[(t * 256 + patch) * Dim + c % Dim] - 0.5 * feats[(t * 256 + patch) * Dim + (c + 1) % Dim];
                state = 0.6 * state + drive;
                rates[t * Cells + c] = (float)(5 * Math.Max(0, state));
            }
        }
        var manifest = new DatasetManifest
        {
            Name = "tiny", Frames = Frames, Cells = Cells,
            Segments = [new DatasetSegment("m1", 0, Frames / 2, 1000 / 30.0), new DatasetSegment("m2", Frames / 2, Frames / 2, 1000 / 30.0)],
            Splits = new() { ["cross"] = new([new DatasetRange("m1")], [new DatasetRange("m2")]) },
            DefaultSplit = "cross",
            CellInfo = Enumerable.Range(0, Cells).Select(c => new DatasetCell(c, "test", 100 + 10 * c, 120)).ToList(),
        };
        DatasetWriter.Write(dir, new byte[Frames * 360 * 360], rates, null, masks, manifest);
        if (withFeatures)
            Npy.Write(TrainingData.FeatureCachePath(dir, "test"), NdArray.Of(Array.ConvertAll(feats, v => (Half)v), Frames, 256, Dim));
        return dir;
    }
}
