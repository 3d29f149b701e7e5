using TorchSharp;
using ViST.RetinaModel.IO;
using ViST.Tests;
using ViST.Trainer.Model;
using ViST.Trainer.Torch;
using static TorchSharp.torch;
using static ViST.Trainer.Tests.ModelTestsData;

namespace ViST.Trainer.Tests;

/// <summary>The TorchSharp Vi-ST against the authors' PyTorch outputs, and its structure.</summary>
public class ModelTests
{
    public ModelTests() => TorchRuntime.Start();

    [Fact]
    public void SmallGoldenForwardMatchesUpstream()
    {
        using var net = ViStWeights.Load(TestPaths.Golden("vist_small_weights.safetensors"));
        Assert.Equal(new ViStConfig(6, 32, 48, 90, 16, true), net.Config);
        using var x = ToTensor(Npy.Read(TestPaths.Golden("vist_small_x.npy")));
        using var rf = ToTensor(Npy.Read(TestPaths.Golden("vist_small_rf.npy")));
        using var _ = no_grad();
        using var y = net.forward(x, rf);
        var expected = Npy.Read(TestPaths.Golden("vist_small_y.npy"));
        Assert.Equal(expected.Shape, y.shape);
        AssertMatchesGolden(expected.ToFloat32(), ToArray(y), "vist_small");
    }

    [Fact]
    public void FullGoldenForwardMatchesUpstream()
    {
        var g = Golden("vist_full");
        using var net = ViStWeights.Load(TestPaths.Golden("vist_full_weights.safetensors"));
        Assert.Equal(new ViStConfig(), net.Config);
        using var x = ToTensor(FormulaX((int)g["B"]!, (int)g["T"]!, 256, 1024, (double)g["phase"]!));
        using var rf = ToTensor(Npy.Read(TestPaths.Golden("vist_full_rf.npy")));
        using var _ = no_grad();
        using var y = net.forward(x, rf);
        var expected = Npy.Read(TestPaths.Golden("vist_full_y.npy"));
        Assert.Equal(expected.Shape, y.shape);
        AssertMatchesGolden(expected.ToFloat32(), ToArray(y), "vist_full");
    }

    [Fact]
    public void ParameterCountsMatchUpstream()
    {
        using var paper = new ViStNetwork(new ViStConfig());
        Assert.Equal(1_702_952, paper.ParameterCount());
        var small = Golden("vist_small");
        using var net = new ViStNetwork(new ViStConfig((int)small["video_layers"]!, (int)small["video_dim"]!,
            (int)small["dinov2_dim"]!, (int)small["cells"]!, (int)small["grids"]!));
        Assert.Equal((long)small["n_params"]!, net.ParameterCount());
    }

    [Fact]
    public void StateDictKeysAndShapesEqualUpstreamFile()
    {
        var upstream = SafeTensors.Read(TestPaths.Golden("vist_small_weights.safetensors"));
        using var net = new ViStNetwork(new ViStConfig(6, 32, 48, 90, 16));
        var ours = net.state_dict();
        Assert.Equal(upstream.Keys.Order(StringComparer.Ordinal), ours.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, t) in ours) Assert.Equal(upstream[key].Shape, t.shape);
        Assert.Equal(ScalarType.Int64, ours["stage1.layers.0.norm.num_batches_tracked"].dtype);
    }

    [Fact]
    public void OutputsBeforeAFrameDoNotDependOnLaterFrames()
    {
        using var net = new ViStNetwork(new ViStConfig(VideoLayers: 3, VideoDim: 8, InputDim: 6, Cells: 5));
        net.eval();
        RandomiseBatchNorm(net);
        using var _ = no_grad();
        manual_seed(11);
        const int t = 40, k = 23;
        var x = randn(2, t, 256, 6);
        var rf = rand(2, 5, 16, 16);
        var y = net.forward(x, rf);
        var x2 = x.clone();
        x2[.., k..] = randn(2, t - k, 256, 6) * 3;
        var y2 = net.forward(x2, rf);
        Assert.Equal(0.0, (y2[.., .., ..k] - y[.., .., ..k]).abs().max().item<float>());
        Assert.True((y2[.., .., k..] - y[.., .., k..]).abs().max().item<float>() > 1e-3, "later frames must matter");
    }

    [Fact]
    public void TrainingModeIsStochasticAndGivesEveryParameterAFiniteGradient()
    {
        using var net = new ViStNetwork(new ViStConfig(VideoLayers: 2, VideoDim: 8, InputDim: 6, Cells: 5));
        net.train();
        manual_seed(13);
        var x = randn(2, 30, 256, 6);
        var rf = rand(2, 5, 16, 16);
        var y1 = net.forward(x, rf);
        var y2 = net.forward(x, rf);
        Assert.True((y1 - y2).abs().max().item<float>() > 0, "dropout must make training-mode outputs differ");
        y1.square().mean().backward();
        foreach (var (name, p) in net.named_parameters())
        {
            Assert.NotNull(p.grad);
            Assert.True(p.grad!.isfinite().all().item<bool>(), $"{name}: non-finite gradient");
        }
        Assert.True(net.named_parameters().Count(p => p.parameter.grad!.abs().max().item<float>() > 0) > 40);
    }

    [Fact]
    public void ForwardRejectsInputsOfTheWrongShape()
    {
        using var net = new ViStNetwork(new ViStConfig(VideoLayers: 1, VideoDim: 4, InputDim: 6, Cells: 5));
        using var rf = zeros(1, 5, 16, 16);
        var e = Assert.Throws<ArgumentException>(() => net.forward(zeros(1, 8, 256, 7), rf));
        Assert.Contains("x: expected shape [*,*,256,6], got [1,8,256,7]", e.Message);
        e = Assert.Throws<ArgumentException>(() => net.forward(zeros(1, 8, 256, 6), zeros(1, 4, 16, 16)));
        Assert.Contains("rf: expected shape [1,5,16,16], got [1,4,16,16]", e.Message);
    }

    [Fact]
    public void NonCausalVariantSeesFutureFramesAndUsesUpstreamKeys()
    {
        using var net = new ViStNetwork(new ViStConfig(VideoLayers: 2, VideoDim: 8, InputDim: 6, Cells: 5, Causal: false));
        net.eval();
        var keys = net.state_dict().Keys.ToHashSet();
        Assert.Contains("msb_1.embed.1.0.weight", keys);          // upstream MultiscaleBlock: no CausalConv3d level
        Assert.DoesNotContain("msb_1.embed.1.0.conv.weight", keys);
        using var _ = no_grad();
        manual_seed(12);
        var x = randn(1, 30, 256, 6);
        var rf = rand(1, 5, 16, 16);
        var y = net.forward(x, rf);
        var x2 = x.clone();
        x2[.., 20..] = randn(1, 10, 256, 6);
        var y2 = net.forward(x2, rf);
        Assert.True((y2[.., .., 15..20] - y[.., .., 15..20]).abs().max().item<float>() > 1e-4);
        Assert.Equal(30, y.shape[2]);
    }

    [Fact]
    public void DefaultInitialisationFollowsPyTorch()
    {
        using var net = new ViStNetwork(new ViStConfig());
        var sd = net.state_dict();
        // kaiming_uniform(a = sqrt 5) = U(±1/sqrt(fan_in)); biases the same bound.
        AssertUniform(sd["stage1.conv_1x1.weight"], 1 / Math.Sqrt(1024));
        AssertUniform(sd["stage1.conv_1x1.bias"], 1 / Math.Sqrt(1024));
        AssertUniform(sd["stage1.layers.0.conv_dilated.weight"], 1 / Math.Sqrt(27));
        AssertUniform(sd["msb_1.embed.0.0.conv.weight"], 1 / Math.Sqrt(90 * 9));
        AssertUniform(sd["msb_1.embed.1.0.conv.weight"], 1 / Math.Sqrt(25 * 9));
        AssertUniform(sd["msb_5.weight"], 1 / Math.Sqrt(5760));
        Assert.Equal(0.0, sd["adaln.adaLN_modulation.1.weight"].abs().max().item<float>());
        Assert.Equal(0.0, sd["adaln.adaLN_modulation.1.bias"].abs().max().item<float>());
        Assert.Equal(0.02, sd["adaln.net.1.weight"].std().item<float>(), 0.002);
        Assert.Equal(1.0, sd["stage1.layers.0.norm.weight"].min().item<float>());
        Assert.Equal(0.0, sd["stage1.layers.0.norm.bias"].abs().max().item<float>());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SaveThenLoadRoundTripsEveryTensorAndTheConfig(bool causal)
    {
        using var net = new ViStNetwork(new ViStConfig(VideoLayers: 2, VideoDim: 8, InputDim: 6, Cells: 5, Grids: 10, Causal: causal));
        RandomiseBatchNorm(net);
        string path = Path.Combine(TestPaths.TempDir(), "head.safetensors");
        ViStWeights.Save(net, path);
        using var loaded = ViStWeights.Load(path);
        Assert.Equal(net.Config, loaded.Config);
        var a = net.state_dict();
        foreach (var (key, t) in loaded.state_dict())
            Assert.True(t.ne(a[key]).sum().item<long>() == 0, $"{key} changed in the round trip");
    }

    [Fact]
    public void LoadRejectsMissingExtraAndMisShapedKeys()
    {
        var good = SafeTensors.Read(TestPaths.Golden("vist_small_weights.safetensors"));
        string dir = TestPaths.TempDir();

        var missing = new Dictionary<string, NdArray>(good);
        missing.Remove("msb_2.mapping.bias");
        var e1 = LoadError(dir, "missing.safetensors", missing);
        Assert.Contains("missing keys: msb_2.mapping.bias", e1);

        var extra = new Dictionary<string, NdArray>(good) { ["msb_9.weight"] = NdArray.Of(new float[3], 3) };
        Assert.Contains("unexpected keys: msb_9.weight", LoadError(dir, "extra.safetensors", extra));

        var shaped = new Dictionary<string, NdArray>(good) { ["msb_3.mapping.bias"] = NdArray.Of(new float[91], 91) };
        Assert.Contains("msb_3.mapping.bias is [91], expected [90]", LoadError(dir, "shape.safetensors", shaped));
    }

    static string LoadError(string dir, string name, Dictionary<string, NdArray> tensors)
    {
        string path = Path.Combine(dir, name);
        SafeTensors.Write(path, tensors);
        var e = Assert.Throws<InvalidDataException>(() => ViStWeights.Load(path));
        Assert.Contains(path, e.Message);
        return e.Message;
    }

    static void AssertUniform(Tensor t, double bound)
    {
        double max = t.abs().max().item<float>(), std = t.std().item<float>();
        Assert.True(max <= bound * (1 + 1e-6) && max > 0.9 * bound, $"max {max} vs bound {bound}");
        Assert.Equal(bound / Math.Sqrt(3), std, bound * 0.05);
    }

    /// <summary>Non-trivial BatchNorm running statistics, so eval-mode tests exercise them.</summary>
    static void RandomiseBatchNorm(ViStNetwork net)
    {
        using var _ = no_grad();
        foreach (var (key, t) in net.state_dict())
        {
            if (key.EndsWith("running_mean")) t.copy_(randn_like(t) * 0.1);
            if (key.EndsWith("running_var")) t.copy_(rand_like(t) + 0.5);
            if (key.EndsWith("num_batches_tracked")) t.fill_(1234);
        }
    }
}
