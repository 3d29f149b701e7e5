using ViST.RetinaModel.Head;
using ViST.RetinaModel.IO;
using ViST.Tests;

namespace ViST.RetinaModel.Tests;

/// <summary>The streaming step graph gives the same rates as the full-window graph over the same frames.</summary>
public class StreamingHeadTests
{
    [Fact]
    public void StreamingEqualsFullWindowOver400Frames()
    {
        const int batch = 2, frames = 400;
        var w = SafeTensors.Read(TestPaths.Golden("vist_small_weights.safetensors"));
        var cfg = HeadConfig.FromWeights(w, "vist_small");
        var rf = Npy.Read(TestPaths.Golden("vist_small_rf.npy")).ToFloat32();     // [2,90,16,16]: a different mask per stream
        int frameValues = cfg.Patches * cfg.InputDim;
        var rng = new Random(7);
        var x = new float[batch * frames * frameValues];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);

        using var full = FullWindowHead.FromWeights(w, "vist_small");
        var expected = full.Run(x, batch, frames, rf);                                    // [B,cells,T]

        using var step = StreamingHead.FromWeights(w, batch, rf, "vist_small step");
        var got = new float[expected.Length];
        var features = new float[batch * frameValues];
        var rates = new float[batch * cfg.Cells];
        for (int t = 0; t < frames; t++)
        {
            for (int b = 0; b < batch; b++)
                x.AsSpan((b * frames + t) * frameValues, frameValues).CopyTo(features.AsSpan(b * frameValues));
            step.Step(features, rates);
            for (int b = 0; b < batch; b++)
                for (int c = 0; c < cfg.Cells; c++) got[(b * cfg.Cells + c) * frames + t] = rates[b * cfg.Cells + c];
        }
        AssertRelativeClose(expected, got, 1e-4);

        // Reset starts a fresh zero history: the first frames repeat exactly.
        step.Reset();
        for (int b = 0; b < batch; b++) x.AsSpan(b * frames * frameValues, frameValues).CopyTo(features.AsSpan(b * frameValues));
        step.Step(features, rates);
        for (int b = 0; b < batch; b++)
            for (int c = 0; c < cfg.Cells; c++) Assert.Equal(got[(b * cfg.Cells + c) * frames], rates[b * cfg.Cells + c]);
    }

    [Fact]
    public void AHeadResetToFewerStreamsStepsThemAsTheFullBatchDid()
    {
        // A sweep's last batch: stream 0 alone must get the rates it got beside stream 1 (each stream keeps its mask).
        const int frames = 40;
        var w = SafeTensors.Read(TestPaths.Golden("vist_small_weights.safetensors"));
        var cfg = HeadConfig.FromWeights(w, "vist_small");
        var rf = Npy.Read(TestPaths.Golden("vist_small_rf.npy")).ToFloat32();     // [2,90,16,16]
        int frameValues = cfg.Patches * cfg.InputDim;
        var rng = new Random(11);
        var x = new float[2 * frames * frameValues];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);

        using var step = StreamingHead.FromWeights(w, 2, rf, "vist_small step");
        float[] Run(int streams)
        {
            step.Reset(streams);
            var got = new float[frames * streams * cfg.Cells];
            for (int t = 0; t < frames; t++)
            {
                for (int b = 0; b < streams; b++) x.AsSpan((b * frames + t) * frameValues, frameValues).CopyTo(step.Features[(b * frameValues)..]);
                step.Step();
                step.Rates.CopyTo(got.AsSpan(t * streams * cfg.Cells));
            }
            return got;
        }
        var pair = Run(2);
        var alone = Run(1);
        Assert.Equal(1, step.Batch);
        Assert.Equal(frameValues, step.Features.Length);
        var pairFirst = Enumerable.Range(0, frames).SelectMany(t => pair.AsSpan(t * 2 * cfg.Cells, cfg.Cells).ToArray()).ToArray();
        AssertRelativeClose(pairFirst, alone, 1e-5);
        Assert.Equal(pair, Run(2));                                    // back to two streams: the same as the first time
        Assert.Throws<ArgumentOutOfRangeException>(() => step.Reset(3));
    }

    [Fact]
    public void AStepAllocatesNothing()
    {
        var w = SafeTensors.Read(TestPaths.Golden("vist_small_weights.safetensors"));
        using var step = StreamingHead.FromWeights(w, 2, new float[90 * 256], "vist_small step");
        for (int i = 0; i < step.Features.Length; i++) step.Features[i] = (i % 13) / 13f;
        for (int i = 0; i < 5; i++) step.Step();                      // the first runs set up ONNX Runtime's own state
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++) step.Step();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void HistoryBuffersCoverTheReceptiveField()
    {
        var cfg = HeadConfig.Paper();
        Assert.Equal(183, cfg.ReceptiveField);
        var rings = StreamingLayout.Buffers(cfg);
        Assert.Equal(6 + 7, rings.Count);
        // Stage layers are in series, the branches of one block in parallel: the longest branch per block counts.
        int history = rings.Where(r => r.Input.StartsWith("ring_stage")).Sum(r => r.Length)
            + rings.Where(r => r.IsWindow).GroupBy(r => r.Input[..11]).Sum(g => g.Max(r => r.Length));
        Assert.Equal(cfg.ReceptiveField - 1, history);
    }

    [Fact]
    public void NanFeaturesAreRejected()
    {
        var w = SafeTensors.Read(TestPaths.Golden("vist_small_weights.safetensors"));
        var rf = new float[90 * 256];
        using var step = StreamingHead.FromWeights(w, 1, rf, "vist_small step");
        var features = new float[256 * 48];
        features[300] = float.NaN;
        var e = Assert.Throws<InvalidDataException>(() => step.Step(features, new float[90]));
        Assert.Contains("NaN", e.Message);
        features[300] = 0;
        features[^1] = float.PositiveInfinity;
        Assert.Throws<InvalidDataException>(() => step.Step(features, new float[90]));
        Assert.Equal(0, step.Frame);   // nothing was consumed
    }

    [Fact]
    public void AHeadModelOfTheWrongKindIsAClearError()
    {
        var w = SafeTensors.Read(TestPaths.Golden("vist_small_weights.safetensors"));
        var cfg = HeadConfig.FromWeights(w, "vist_small");
        var fullWindow = Google.Protobuf.MessageExtensions.ToByteArray(HeadGraphs.FullWindow(cfg, w));
        var e = Assert.Throws<InvalidDataException>(() => new StreamingHead(fullWindow, cfg, 1, new float[90 * 256], "head.onnx"));
        Assert.Contains("head.onnx", e.Message);
        Assert.Contains("features", e.Message);
    }

    internal static void AssertRelativeClose(float[] expected, float[] actual, double rel)
    {
        Assert.Equal(expected.Length, actual.Length);
        double maxY = expected.Max(v => Math.Abs((double)v)), maxDiff = 0;
        for (int i = 0; i < expected.Length; i++) maxDiff = Math.Max(maxDiff, Math.Abs((double)expected[i] - actual[i]));
        Assert.True(maxDiff <= rel * maxY, $"max|diff| = {maxDiff:G4}, max|y| = {maxY:G4}");
    }
}
