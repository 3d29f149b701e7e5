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
        Assert.True(log[^1].ValLoss < log[0].ValLoss, $"val loss {log[0].ValLoss} -> {log[^1].ValLoss}");
        Assert.StartsWith("swa over 2 epochs", log[^1].Note);     // snapshots at the start of epochs 2 and 3

        var interrupted = new TrainingRun(TestPaths.TempDir());
        new ViStTrainer(data, Tiny, interrupted).Run(resume: false, stopAfterEpoch: 1);
        Assert.False(File.Exists(interrupted.FinalWeights));
        Assert.Equal(2, TrainingLog.Read(interrupted.LogFile).Count);
        new ViStTrainer(data, Tiny, interrupted).Run(resume: true);

        var a = SafeTensors.Read(straight.FinalWeights);
        var b = SafeTensors.Read(interrupted.FinalWeights);
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var (k, v) in a)
        {
            var x = v.ToFloat64(); var y = b[k].ToFloat64();
            // Bit-identical when this test runs alone; run after the other Trainer tests it drifts by up to ~8e-4 relative
            // (an unexplained float-order difference, see the issue note), far below what other windows or a lost
            // optimizer state give.
            for (int i = 0; i < x.Length; i++) Assert.True(Math.Abs(x[i] - y[i]) <= 3e-3 * (1 + Math.Abs(x[i])), $"{k}[{i}]: {x[i]} vs {y[i]}");
        }
        var resumedLog = TrainingLog.Read(interrupted.LogFile);
        Assert.Equal(log.Count, resumedLog.Count);
        for (int i = 0; i < log.Count; i++) Assert.Equal(log[i].ValCorr, resumedLog[i].ValCorr, 2);
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
