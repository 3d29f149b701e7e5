using Google.Protobuf;
using ViST.RetinaModel.Backbones;
using ViST.RetinaModel.Bundles;
using ViST.RetinaModel.Head;
using ViST.RetinaModel.IO;
using ViST.Tests;

namespace ViST.RetinaModel.Tests;

public class BundleTests
{
    static readonly Dictionary<string, string> Provenance = new() { ["dataset"] = "golden vist_small", ["epochs"] = "0" };
    static readonly Dictionary<string, double> Metrics = new() { ["test_corr"] = 0.5 };

    static List<CellInfo> MakeCells(int n) => [.. Enumerable.Range(0, n).Select(i => new CellInfo(i + 1, i % 2 == 0 ? "ON" : "OFF", 10.5 * i, 360 - 3.25 * i))];

    static NdArray FirstRf(string file, int cells)
    {
        var rf = Npy.Read(TestPaths.Golden(file)).ToFloat32();
        return NdArray.Of(rf.AsSpan(0, cells * 256).ToArray(), cells, 16, 16);
    }

    [Fact]
    public void WrittenBundleReadsBackAndItsHeadMatchesGolden()
    {
        var w = SafeTensors.Read(TestPaths.Golden("vist_small_weights.safetensors"));
        string dir = Path.Combine(TestPaths.TempDir(), "small.vist");
        var spec = BackboneSpec.Dinov2("dino.onnx") with { Dim = 48 };
        var written = ModelBundle.Write(dir, "small", w, FirstRf("vist_small_rf.npy", 90), MakeCells(90), spec, Provenance, Metrics);

        var b = ModelBundle.Load(dir);
        Assert.Equal("small", b.Manifest.Name);
        Assert.Equal(90, b.Manifest.Cells);
        Assert.Equal(written.Head.ToString(), b.Head.ToString());
        Assert.Equal(spec.Preprocessing.Mean, b.Manifest.Backbone.Preprocessing.Mean);
        Assert.Equal("dino.onnx", b.Manifest.Backbone.Onnx);
        Assert.Equal(0.5, b.Manifest.Metrics["test_corr"]);
        Assert.Equal("0", b.Manifest.Provenance["epochs"]);
        Assert.Equal(MakeCells(90), b.Cells);
        Assert.Equal(FirstRf("vist_small_rf.npy", 90).ToFloat32(), b.RfMasks);
        var back = b.ReadWeights();
        foreach (var (k, v) in w) Assert.Equal(v.Data, back[k].Data);

        // head.onnx from the bundle reproduces the golden forward (stream 0 of vist_small).
        var x = Npy.Read(TestPaths.Golden("vist_small_x.npy")).ToFloat32().AsSpan(0, 40 * 256 * 48).ToArray();
        var y = Npy.Read(TestPaths.Golden("vist_small_y.npy")).ToFloat32().AsSpan(0, 90 * 40).ToArray();
        using var head = new FullWindowHead(b.HeadOnnx, b.Head, "bundle head");
        HeadGoldenTests.AssertClose(y, head.Run(x, 1, 40, b.RfMasks));
    }

    [Fact]
    public void AChangedFileIsRejectedByName()
    {
        var w = SafeTensors.Read(TestPaths.Golden("vist_small_weights.safetensors"));
        string dir = Path.Combine(TestPaths.TempDir(), "small.vist");
        ModelBundle.Write(dir, "small", w, FirstRf("vist_small_rf.npy", 90), MakeCells(90), BackboneSpec.Dinov2("d.onnx") with { Dim = 48 }, Provenance, Metrics);
        string rf = Path.Combine(dir, ModelBundle.RfFile);
        var bytes = File.ReadAllBytes(rf);
        bytes[^1] ^= 0x40;
        File.WriteAllBytes(rf, bytes);
        var e = Assert.Throws<InvalidDataException>(() => ModelBundle.Load(dir));
        Assert.Contains(rf, e.Message);
        Assert.Contains("sha256", e.Message);
    }

    [Fact]
    public void WeightsWithAMissingKeyAreAClearError()
    {
        var w = SafeTensors.Read(TestPaths.Golden("vist_small_weights.safetensors"));
        w.Remove("msb_2.mapping.bias");
        var e = Assert.Throws<InvalidDataException>(() => HeadConfig.FromWeights(w, "weights.safetensors"));
        Assert.Contains("msb_2.mapping.bias", e.Message);
    }

    [Fact]
    public void RetinaStreamsAreIndependentAndMatchTheFullWindowHead()
    {
        // A small random head on the tiny DINOv2 (D = 64), written as a bundle and opened as an IRetina.
        var cfg = new HeadConfig(2, 8, 64, 5, 16, [[1, 3], [1, 3]]);
        var w = HeadWeights.Random(cfg, seed: 3);
        string dir = Path.Combine(TestPaths.TempDir(), "tiny.vist");
        var rf = NdArray.Of(Enumerable.Range(0, 5 * 256).Select(i => (float)(i % 7) / 7f).ToArray(), 5, 16, 16);
        var bundle = ModelBundle.Write(dir, "tiny", w, rf, MakeCells(5), BackboneSpec.Dinov2(TestPaths.Golden("dinov2_tiny.onnx")), Provenance, Metrics);

        const int frames = 6;
        var movie = new byte[2 * frames * FrameContract.Pixels];
        new Random(5).NextBytes(movie);
        float[] both = new float[2 * frames * 5], single = new float[frames * 5];
        using (var two = VistRetina.Open(dir, streams: 2))
        {
            Assert.Equal(5, two.Cells.Count);
            var step = new byte[2 * FrameContract.Pixels];
            for (int t = 0; t < frames; t++)
            {
                for (int s = 0; s < 2; s++) movie.AsSpan((s * frames + t) * FrameContract.Pixels, FrameContract.Pixels).CopyTo(step.AsSpan(s * FrameContract.Pixels));
                two.Step(step, both.AsSpan(t * 10, 10));
            }
        }
        using (var one = VistRetina.Open(dir, streams: 1))
            for (int t = 0; t < frames; t++)
                one.Step(movie.AsSpan((frames + t) * FrameContract.Pixels, FrameContract.Pixels), single.AsSpan(t * 5, 5));
        for (int t = 0; t < frames; t++)
            for (int c = 0; c < 5; c++) Assert.Equal(single[t * 5 + c], both[t * 10 + 5 + c], 1e-4f);

        // Same frames through backbone + full-window head.
        using var bb = OnnxBackbone.Open(bundle.Manifest.Backbone, dir);
        var features = new float[frames * 256 * 64];
        bb.Extract(movie.AsSpan(frames * FrameContract.Pixels), frames, features);
        using var full = new FullWindowHead(bundle.HeadOnnx, bundle.Head, "tiny head");
        var y = full.Run(features, 1, frames, bundle.RfMasks);                  // [1,5,T]
        var expected = new float[frames * 5];
        for (int t = 0; t < frames; t++) for (int c = 0; c < 5; c++) expected[t * 5 + c] = y[c * frames + t];
        StreamingHeadTests.AssertRelativeClose(expected, single, 1e-4);
    }

    [Fact]
    public void ResNetBundleOpensAsARetina()
    {
        var cfg = new HeadConfig(1, 8, 256, 3, 16, [[1, 3]]);
        string dir = Path.Combine(TestPaths.TempDir(), "resnet.vist");
        ModelBundle.Write(dir, "resnet", HeadWeights.Random(cfg, 4), NdArray.Of(new float[3 * 256], 3, 16, 16), MakeCells(3),
            BackboneSpec.ResNet18L3, Provenance, Metrics);
        var spec = ModelBundle.Load(dir).Manifest.Backbone;
        Assert.Equal(BackboneSpec.ResNet18L3.Preprocessing.MeanImageFrom, spec.Preprocessing.MeanImageFrom);
        Assert.Equal(BackboneSpec.ResNetPreset, spec.Preset);

        using var retina = VistRetina.Open(dir);
        var frame = new byte[FrameContract.Pixels];
        new Random(9).NextBytes(frame);
        var rates = new float[3];
        for (int t = 0; t < 3; t++) retina.Step(frame, rates);
        Assert.All(rates, r => Assert.True(float.IsFinite(r)));
        Assert.Throws<ArgumentException>(() => retina.Step(frame.AsSpan(1), rates));   // a short frame
    }
}

/// <summary>The bundles in models/ as committed (the embedded default and the previous one): their head graphs are what
/// today's code builds from their weights, and their manifests record no machine paths and no derived values.</summary>
public class DefaultBundleTests
{
    static string Dir(string bundle) => Path.Combine(TestPaths.RepoRoot, "models", bundle);

    [Theory]
    [InlineData("default.vist")]
    [InlineData("resnet18-l3.vist")]
    public void CommittedHeadGraphsAreWhatTheCodeGeneratesFromTheWeights(string bundle)
    {
        var weights = SafeTensors.Read(Path.Combine(Dir(bundle), ModelBundle.WeightsFile));
        var head = HeadConfig.FromWeights(weights, bundle);
        Assert.Equal(HeadGraphs.FullWindow(head, weights).ToByteArray(), File.ReadAllBytes(Path.Combine(Dir(bundle), ModelBundle.HeadFile)));
        Assert.Equal(HeadGraphs.Step(head, weights).ToByteArray(), File.ReadAllBytes(Path.Combine(Dir(bundle), ModelBundle.StepFile)));
    }

    [Theory]
    [InlineData("default.vist")]
    [InlineData("resnet18-l3.vist")]
    public void ManifestIsPortableAndStoresNoDerivedValues(string bundle)
    {
        string text = File.ReadAllText(Path.Combine(Dir(bundle), ModelBundle.ManifestFile));
        Assert.DoesNotMatch(@"""/(work|tmp|root|home|opt|usr)/", text);
        Assert.DoesNotMatch(@"\s/(work|tmp|root|home|opt|usr)/", text);
        foreach (var derived in new[] { "Patches", "ReadoutSize", "ReceptiveField" }) Assert.DoesNotContain($"\"{derived}\"", text);
        Assert.Equal(90, ModelBundle.Load(Dir(bundle)).Cells.Count);            // and it still loads, hashes checked
    }
}
