using ViST.Tests;
using ViST.Trainer.Model;
using static TorchSharp.torch;

namespace ViST.Trainer.Tests;

/// <summary>Each ablation switch changes the network as the paper's variant says, and ablated weights round-trip.</summary>
public class AblationNetworkTests
{
    static readonly ViStConfig Small = new(VideoLayers: 2, VideoDim: 8, InputDim: 6, Cells: 5, Grids: 10);

    static ViStNetwork Net(ViStConfig c)
    {
        manual_seed(3);
        var net = new ViStNetwork(c);
        RandomiseAdaLn(net);
        net.eval();
        return net;
    }

    /// <summary>A non-zero AdaLN modulation (it starts at zero, the identity), so the condition has an effect.</summary>
    static void RandomiseAdaLn(ViStNetwork net)
    {
        using var _ = no_grad();
        foreach (var (key, t) in net.state_dict())
            if (key.StartsWith("adaln.adaLN_modulation.1.")) t.copy_(randn_like(t) * 0.5);
    }

    static (Tensor x, Tensor rf) Inputs(int frames = 20)
    {
        manual_seed(12);
        return (randn(1, frames, 100, 6), rand(1, 5, 10, 10));
    }

    static float MaxDiff(Tensor a, Tensor b) => (a - b).abs().max().item<float>();

    [Fact]
    public void RemovingAdaLnDropsItsParametersAndTheOutputIgnoresTheMasks()
    {
        using var full = Net(Small);
        using var none = Net(Small with { Condition = Conditioning.None });
        int cells = Small.Cells;
        long adalnParameters = cells * 3 * cells + 3 * cells + cells * cells + cells;
        Assert.Equal(full.ParameterCount() - adalnParameters, none.ParameterCount());
        Assert.DoesNotContain(none.state_dict().Keys, k => k.StartsWith("adaln."));
        using var _ = no_grad();
        var (x, rf) = Inputs();
        Assert.True(MaxDiff(full.forward(x, rf), full.forward(x, rf * 3)) > 1e-4);     // the paper's model reads the masks
        Assert.Equal(0, MaxDiff(none.forward(x, rf), none.forward(x, rf * 3)));
    }

    [Fact]
    public void VideoConditionHasTheSameParametersButIgnoresTheMasksAndFollowsTheVideo()
    {
        using var full = Net(Small);
        using var video = Net(Small with { Condition = Conditioning.Video });
        Assert.Equal(full.ParameterCount(), video.ParameterCount());
        using var _ = no_grad();
        var (x, rf) = Inputs();
        var y = video.forward(x, rf);
        Assert.Equal(0, MaxDiff(y, video.forward(x, rf * 3)));
        Assert.True(MaxDiff(y, full.forward(x, rf)) > 1e-4);       // same weights (same seed), another condition
    }

    [Fact]
    public void RemovingTheVideoExtractorLeavesOnlyConvOutFromTheInput()
    {
        using var net = Net(Small with { VideoExtractor = false });
        var sd = net.state_dict();
        Assert.DoesNotContain(sd.Keys, k => k.StartsWith("stage1.layers.") || k.StartsWith("stage1.conv_1x1."));
        Assert.Equal(new long[] { 5, 6, 1, 1, 1 }, sd["stage1.conv_out.weight"].shape);
    }

    [Fact]
    public void WithoutMultiscaleKernelsEveryBlockHasOnlyItsWindowOneBranch()
    {
        var c = Small with { MultiscaleKernels = false, VideoExtractor = false };
        using var net = Net(c);
        var branches = net.state_dict().Where(kv => kv.Key.Contains(".embed.") && kv.Key.EndsWith(".weight")).ToList();
        Assert.Equal(4, branches.Count);
        Assert.All(branches, kv => Assert.Equal(1, kv.Value.shape[2]));          // temporal kernel size 1
        // With neither temporal kernels nor the video stage, frame t's output depends on frame t alone.
        using var _ = no_grad();
        var (x, rf) = Inputs();
        var x2 = x.clone();
        x2[.., 9] = randn(1, 100, 6);
        var diff = (net.forward(x2, rf) - net.forward(x, rf)).abs().amax([0, 1]);
        Assert.True(diff[9].item<float>() > 1e-4);
        Assert.Equal(0, diff[10..].max().item<float>());
        Assert.Equal(0, diff[..9].max().item<float>());
    }

    [Theory]
    [InlineData(true, true, false)]       // the paper's model: causal
    [InlineData(true, false, true)]       // noncausal-video
    [InlineData(false, true, true)]       // noncausal-msb
    public void NonCausalSwitchesLetFrameTSeeFrameTPlusOne(bool causalMultiscale, bool causalVideo, bool seesFuture)
    {
        var c = Small with { Causal = causalMultiscale, CausalVideo = causalVideo == causalMultiscale ? null : causalVideo };
        using var net = Net(c);
        using var _ = no_grad();
        var (x, rf) = Inputs();
        var x2 = x.clone();
        x2[.., 11] = randn(1, 100, 6);
        float change = MaxDiff(net.forward(x2, rf)[.., .., 10], net.forward(x, rf)[.., .., 10]);
        if (seesFuture) Assert.True(change > 1e-5, $"output at t=10 should depend on t=11 ({c})");
        else Assert.Equal(0, change);
        Assert.Equal(causalMultiscale, net.state_dict().ContainsKey("msb_1.embed.1.0.conv.weight"));
    }

    public static TheoryData<string> EveryAblation => new(ViStConfig.NoAdaLnTag, ViStConfig.VideoConditionTag, ViStConfig.NoVideoExtractorTag,
        ViStConfig.NoMultiscaleTag, ViStConfig.NonCausalMultiscaleTag, ViStConfig.NonCausalVideoTag);

    [Theory]
    [MemberData(nameof(EveryAblation))]
    public void AblatedWeightsSaveAndLoadStrictlyWithTheirVariant(string tag)
    {
        var c = Small.WithAblations([tag]);
        Assert.Equal([tag], c.Ablations);
        Assert.False(c.IsPaperNetwork);
        using var net = Net(c);
        string path = Path.Combine(TestPaths.TempDir(), "ablated.safetensors");
        ViStWeights.Save(net, path);
        Assert.Equal(tag, RetinaModel.IO.SafeTensors.ReadWithMetadata(path).Metadata[ViStWeights.AblationsKey]);
        using var loaded = ViStWeights.Load(path);
        // without the video stage its size is not stored: the loaded config says 1 layer of the input width
        Assert.Equal(c.VideoExtractor ? c : c with { VideoLayers = 1, VideoDim = c.InputDim }, loaded.Config);
        using var _ = no_grad();
        var (x, rf) = Inputs();
        Assert.Equal(0, MaxDiff(net.forward(x, rf), loaded.forward(x, rf)));
        // strict: the paper's network does not take these weights (where the keys differ)
        if (tag is not (ViStConfig.VideoConditionTag or ViStConfig.NonCausalVideoTag))
            Assert.Throws<InvalidDataException>(() => ViStWeights.Load(path, Small));
    }
}
