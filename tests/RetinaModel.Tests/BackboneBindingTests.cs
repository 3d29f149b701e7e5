using Microsoft.ML.OnnxRuntime;
using ViST.RetinaModel.Backbones;
using ViST.RetinaModel.Bundles;
using ViST.RetinaModel.Head;
using ViST.RetinaModel.Runtime;
using ViST.Tests;

namespace ViST.RetinaModel.Tests;

/// <summary>The backbone writes the head's input through IOBinding (its graph ends in the head's layout). On the CPU that
/// path must give what the former one gave: a plain session run of the backbone's own graph, rearranged on the host.</summary>
public class BackboneBindingTests
{
    /// <summary>A trained bundle on an ONNX backbone (ResNet18 layer 3: the previous default).</summary>
    static string ResNetBundle => Path.Combine(TestPaths.RepoRoot, "models", "resnet18-l3.vist");

    /// <summary>The former path, kept here as the reference: the cut ResNet18 run as it is, [B,D,16,16] -> [B,256,D] on the host.</summary>
    internal static float[] PlainSessionFeatures(ResNet18Stage stage, byte[] frames, int count)
    {
        var spec = BackboneSpec.ResNet18(stage);
        var pre = new FramePreprocessor(spec.Preprocessing with { MeanImage = ResNet18Model.MeanImage(stage.InputSize) }, "test");
        var x = new float[count * pre.InputValues];
        pre.Run(frames, count, x);
        using var session = new InferenceSession(ResNet18Model.Cut(stage));
        using var input = OrtValue.CreateTensorValueFromMemory(x, [count, 3, stage.InputSize, stage.InputSize]);
        using var outs = session.Run(new RunOptions(), [ResNet18Model.Input], [input], [stage.Output]);
        var y = outs[0].GetTensorDataAsSpan<float>();
        int d = stage.Channels, patches = 256;
        var features = new float[count * patches * d];
        for (int b = 0; b < count; b++)
            for (int c = 0; c < d; c++)
                for (int p = 0; p < patches; p++) features[(b * patches + p) * d + c] = y[(b * d + c) * patches + p];
        return features;
    }

    [Fact]
    public void ResNetBundleBackboneWritesTheHeadInputAsAPlainSessionRunDoes()
    {
        var frames = NaturalisticMovie.Frames(2, seed: 3);
        using var bb = Backbone.Open(ModelBundle.Load(ResNetBundle).Manifest.Backbone, ResNetBundle);
        using var target = FeatureBuffer.OnHostMemory(2 * 256 * bb.Dim);
        bb.Extract(frames, 2, target);
        var expected = PlainSessionFeatures(ResNet18Stage.Layer3, frames, 2);
        Assert.Equal(expected.Length, target.Capacity);
        Assert.True(MaxAbsDiff(expected, target.Host(expected.Length)) <= 1e-6f * MaxAbs(expected));
    }

    [Fact]
    public void ACombinationWritesEachPartsFeaturesIntoTheHeadInput()
    {
        var frames = NaturalisticMovie.Frames(2, seed: 4);
        using var bb = Backbone.Open(BackboneSpec.FromPreset("resnet18-l2+pixels4", null));
        using var target = FeatureBuffer.OnHostMemory(2 * 256 * bb.Dim);
        bb.Extract(frames, 2, target);
        var resnet = PlainSessionFeatures(ResNet18Stage.Layer2, frames, 2);
        using var pixels = new LuminanceBackbone("pixels4", 4);
        var lum = new float[2 * 256 * 16];
        pixels.Extract(frames, 2, lum);
        var got = target.Host(2 * 256 * 144);
        for (int row = 0; row < 2 * 256; row++)
        {
            Assert.True(MaxAbsDiff(resnet.AsSpan(row * 128, 128), got.Slice(row * 144, 128)) <= 1e-6f * MaxAbs(resnet));
            Assert.True(lum.AsSpan(row * 16, 16).SequenceEqual(got.Slice(row * 144 + 128, 16)));
        }
    }

    /// <summary>A sweep's streams go through the backbone as one batch: each stream's features are those of its frame alone.</summary>
    [Fact]
    public void ABatchOfStreamsGivesEachStreamsOwnFeatures()
    {
        var frames = NaturalisticMovie.Frames(3, seed: 5);
        using var bb = Backbone.Open(BackboneSpec.ResNet18L2);
        int values = 256 * bb.Dim;
        var batched = new float[3 * values];
        bb.Extract(frames, 3, batched);
        var alone = new float[values];
        for (int b = 0; b < 3; b++)
        {
            bb.Extract(frames.AsSpan(b * FrameContract.Pixels, FrameContract.Pixels), 1, alone);
            Assert.True(MaxAbsDiff(alone, batched.AsSpan(b * values, values)) <= 1e-5f * MaxAbs(alone));
        }
    }

    /// <summary>A trained ResNet18-layer-3 model end to end: rates through the bound path equal the former path's (plain backbone
    /// session, features copied into the head).</summary>
    [Fact]
    public void ResNetRetinaRatesEqualThoseOfThePlainPath()
    {
        const int streams = 2, steps = 6;
        var frames = NaturalisticMovie.Frames(streams * steps, seed: 6);
        var bundle = ModelBundle.Load(ResNetBundle);
        using var retina = VistRetina.Open(ResNetBundle, streams);
        using var head = new StreamingHead(bundle.StepOnnx, bundle.Head, streams, bundle.RfMasks, "reference head");
        int cells = bundle.Head.Cells, frameBytes = streams * FrameContract.Pixels;
        var got = new float[streams * cells];
        var expected = new float[streams * cells];
        for (int t = 0; t < steps; t++)
        {
            var batch = frames.AsSpan(t * frameBytes, frameBytes).ToArray();
            retina.Step(batch, got);
            head.Step(PlainSessionFeatures(ResNet18Stage.Layer3, batch, streams), expected);
            Assert.True(MaxAbsDiff(expected, got) <= 1e-6f * Math.Max(1f, MaxAbs(expected)), $"step {t}: {MaxAbsDiff(expected, got)}");
        }
    }

    [Fact]
    public void ARetinaStepAllocatesNothing()
    {
        using var retina = VistRetina.Open(ResNetBundle, streams: 1);
        var frame = NaturalisticMovie.Frames(1, seed: 7);
        var rates = new float[retina.Cells.Count];
        for (int i = 0; i < 3; i++) retina.Step(frame, rates);     // the first runs set up ONNX Runtime's own state
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) retina.Step(frame, rates);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void OverflowingFeaturesAreRejectedThroughTheRates()
    {
        var cfg = new HeadConfig(1, 8, 16, 3, 16, [[1, 3]]);
        using var head = StreamingHead.FromWeights(HeadWeights.Random(cfg, 2), 1, Enumerable.Repeat(1f, 3 * 256).ToArray(), "huge");
        head.Features.Fill(3e38f);
        var e = Assert.Throws<InvalidDataException>(() => head.Step());
        Assert.Contains("huge (frame 0): rate", e.Message);
    }

    internal static float MaxAbsDiff(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(a.Length, b.Length);
        float m = 0;
        for (int i = 0; i < a.Length; i++) m = Math.Max(m, Math.Abs(a[i] - b[i]));
        return m;
    }

    internal static float MaxAbs(ReadOnlySpan<float> a)
    {
        float m = 0;
        foreach (var v in a) m = Math.Max(m, Math.Abs(v));
        return m;
    }
}
