using ViST.RetinaModel.Data.Datasets;
using ViST.RetinaModel.IO;
using ViST.Trainer.Model;
using ViST.Trainer.Torch;
using ViST.Trainer.Training;
using ViST.Tests;
using static TorchSharp.torch;

namespace ViST.Trainer.Tests;

/// <summary>Validation predicts long held-out movies in causal pieces; the pieces must give the whole run's output.</summary>
public class HeldOutPredictionTests
{
    public HeldOutPredictionTests() => TorchRuntime.Start();

    [Fact]
    public void APredictionInPiecesEqualsTheWholeSequence()
    {
        const int frames = 1300, dim = 4, cells = 3, test = 1100;
        string dir = TestPaths.TempDir("pieces");
        var rng = new Random(3);
        var feats = Enumerable.Range(0, frames * 256 * dim).Select(_ => (Half)(rng.NextDouble() * 2 - 1)).ToArray();
        var manifest = new DatasetManifest
        {
            Name = "pieces", Segments = [new DatasetSegment("m", 0, frames, 1000 / 30.0)],
            Splits = new() { ["s"] = new([new DatasetRange("m", 0, frames - test)], [new DatasetRange("m", frames - test)]) },
            DefaultSplit = "s",
            CellInfo = Enumerable.Range(0, cells).Select(c => new DatasetCell(c, "test", 100 + 40 * c, 150)).ToList(),
        };
        var masks = new float[cells * 256];
        for (int c = 0; c < cells; c++) masks[c * 256 + 50 + 60 * c] = 1;
        DatasetWriter.Write(dir, new byte[frames * 360 * 360], new float[frames * cells], null, masks, manifest);
        Npy.Write(TrainingData.FeatureCachePath(dir, "t"), NdArray.Of(feats, frames, 256, dim));
        var data = new TrainingData(Dataset.Load(dir), "t", null);

        manual_seed(4);
        using var net = new ViStNetwork(new ViStConfig(6, 8, dim, cells, 16));
        net.eval();
        using var _ = no_grad();
        var range = data.Split.Test[0];
        Assert.True(range.Count > 384 + net.Config.CausalReach!.Value, "the test range must need several pieces");
        var whole = net.forward(data.SequenceFeatures(range.Start, range.Count), data.Masks(1));
        var pieces = HeldOutPrediction.Sequence(net, data, range, CPU);
        Assert.Equal(whole.shape, pieces.shape);
        double scale = whole.abs().max().item<float>();
        Assert.True((whole - pieces).abs().max().item<float>() <= 1e-5 * scale, "pieces differ from the whole run");
    }

    [Fact]
    public void TheCausalReachIsTheReceptiveFieldMinusOne()
    {
        Assert.Equal(182, new ViStConfig().CausalReach);
        Assert.Null(new ViStConfig(Causal: false).CausalReach);
        Assert.Equal(182 - 126, new ViStConfig(VideoExtractor: false).CausalReach);
    }
}
