using TorchSharp;
using ViST.Trainer.Model;
using ViST.Trainer.Torch;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ViST.Trainer.Tests;

/// <summary>
/// The network's channels-last rewrite against a literal transcription of upstream eccv.py (Conv3d, F.pad,
/// AvgPool3d in [B, C, T, H, W]) on the same parameters, in float64 so that any difference is a real one:
/// outputs and every parameter gradient, causal and non-causal.
/// </summary>
public class ModelTestsUpstreamReference
{
    public ModelTestsUpstreamReference() => TorchRuntime.Start();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void OutputAndGradientsEqualLiteralUpstream(bool causal)
    {
        var config = new ViStConfig(VideoLayers: 3, VideoDim: 6, InputDim: 5, Cells: 4, Grids: 10, Causal: causal);
        using var net = new ViStNetwork(config);
        net.to(float64);
        net.eval();
        manual_seed(5);
        using (no_grad())
            foreach (var (key, t) in net.state_dict())
            {
                if (key.EndsWith("num_batches_tracked")) continue;
                // Perturb everything (as the golden files do) so the zero-initialised AdaLN is not the identity.
                if (key.EndsWith("running_var")) t.copy_(rand_like(t) + 0.5);
                else t.add_(randn_like(t) * 0.2);
            }
        var x = randn(new long[] { 2, 30, 100, 5 }, float64);
        var rf = rand(new long[] { 2, 4, 10, 10 }, float64);
        var probe = randn(new long[] { 2, 4, 30 }, float64);

        var y = net.forward(x, rf);
        (y * probe).sum().backward();
        var reference = net.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone().requires_grad_());
        foreach (var (name, t) in net.named_buffers()) reference[name] = t;
        var yRef = UpstreamForward(reference, config, x, rf);
        (yRef * probe).sum().backward();

        AssertClose(yRef, y, "output");
        foreach (var (name, p) in net.named_parameters()) AssertClose(reference[name].grad!, p.grad!, $"d/d {name}");
    }

    [Fact]
    public void TrainingModeUpdatesBatchNormStatisticsAsPyTorch()
    {
        // The first dilated layer's BatchNorm sees no dropout upstream of it, so its running statistics
        // after one training-mode forward are deterministic: momentum 0.1, unbiased batch variance.
        var config = new ViStConfig(VideoLayers: 2, VideoDim: 6, InputDim: 5, Cells: 4, Grids: 10);
        using var net = new ViStNetwork(config);
        net.to(float64);
        var p = net.named_parameters().ToDictionary(q => q.name, q => (Tensor)q.parameter.detach());
        var x = randn(new long[] { 2, 12, 100, 5 }, float64);
        var rf = rand(new long[] { 2, 4, 10, 10 }, float64);
        var mean = zeros(6, float64);
        var variance = ones(6, float64);
        var h = F.conv3d(x.reshape(2, 12, 10, 10, 5).permute(0, 4, 1, 2, 3), p["stage1.conv_1x1.weight"], p["stage1.conv_1x1.bias"]);
        h = F.conv3d(F.pad(h, [1, 1, 1, 1, 2, 0]), p["stage1.layers.0.conv_dilated.weight"], p["stage1.layers.0.conv_dilated.bias"], groups: 6);
        F.batch_norm(h, mean, variance, null, null, true, 0.1, 1e-5);

        net.train();
        using (no_grad()) net.forward(x, rf);
        var buffers = net.state_dict();
        AssertClose(mean, buffers["stage1.layers.0.norm.running_mean"], "running_mean");
        AssertClose(variance, buffers["stage1.layers.0.norm.running_var"], "running_var");
        Assert.Equal(1L, buffers["stage1.layers.0.norm.num_batches_tracked"].item<long>());
    }

    static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        double scale = expected.abs().max().item<double>();
        double diff = (expected - actual).abs().max().item<double>();
        Assert.True(scale > 0, $"{what}: all zero");
        Assert.True(diff <= 1e-10 * scale, $"{what}: max|diff| {diff:G3} vs max {scale:G3}");
    }

    /// <summary>ViST.forward from eccv.py, operation for operation.</summary>
    static Tensor UpstreamForward(Dictionary<string, Tensor> p, ViStConfig c, Tensor x, Tensor rf)
    {
        long b = x.shape[0], t = x.shape[1];
        var h = x.reshape(b, t, c.Grids, c.Grids, c.InputDim).permute(0, 4, 1, 2, 3);   // b d t p q
        h = F.conv3d(h, p["stage1.conv_1x1.weight"], p["stage1.conv_1x1.bias"]);
        for (int i = 0; i < c.VideoLayers; i++)
        {
            string l = $"stage1.layers.{i}.";
            long d = 1L << i;
            var o = F.pad(h, c.Causal ? [1, 1, 1, 1, 2 * d, 0] : [1, 1, 1, 1, d, d]);
            o = F.conv3d(o, p[l + "conv_dilated.weight"], p[l + "conv_dilated.bias"], dilation: [d, 1, 1], groups: c.VideoDim);
            o = F.batch_norm(o, p[l + "norm.running_mean"], p[l + "norm.running_var"], p[l + "norm.weight"], p[l + "norm.bias"], false, 0.1, 1e-5);
            o = F.conv3d(F.relu(o), p[l + "conv_1x1.weight"], p[l + "conv_1x1.bias"]);
            h = h + o;
        }
        h = F.conv3d(h, p["stage1.conv_out.weight"], p["stage1.conv_out.bias"]);

        var cond = rf.sum(1, keepdim: true).unsqueeze(2).repeat(1, c.Cells, t, 1, 1);
        var mod = F.conv3d(F.silu(cond), p["adaln.adaLN_modulation.1.weight"], p["adaln.adaLN_modulation.1.bias"]).chunk(3, 1);
        h = h + mod[2] * F.conv3d(F.silu(h * (1 + mod[1]) + mod[0]), p["adaln.net.1.weight"], p["adaln.net.1.bias"]);

        var windows = ViStConfig.MultiscaleWindows;
        for (int m = 0; m < windows.Count; m++)
        {
            string blk = $"msb_{m + 1}.";
            Tensor? sum = null;
            for (int j = 0; j < windows[m].Length; j++)
            {
                long k = windows[m][j];
                string conv = blk + $"embed.{j}.0." + (c.Causal ? "conv." : "");
                var padded = c.Causal ? F.pad(h, [0, 0, 0, 0, k - 1, 0]) : F.pad(h, [0, 0, 0, 0, k / 2, k / 2]);
                var e = F.conv3d(padded, p[conv + "weight"], p[conv + "bias"], groups: k == 1 ? 1 : c.Cells);
                e = F.leaky_relu(e, 0.1);
                sum = sum is null ? e : sum + e;
            }
            var skip = F.avg_pool3d(F.conv3d(h, p[blk + "conv1x1.weight"], p[blk + "conv1x1.bias"]), [1, 3, 3], [1, 1, 1]);
            h = F.conv3d(sum!, p[blk + "mapping.weight"], p[blk + "mapping.bias"]) + skip;
        }
        var flat = h.permute(0, 2, 1, 3, 4).reshape(b, t, -1);                         // b t (c p q)
        return F.linear(flat, p["msb_5.weight"], p["msb_5.bias"]).permute(0, 2, 1);
    }
}

/// <summary>The libtorch Conv3d route of DepthwiseConv3d (taken on CUDA and for other dtypes) against the kernel.</summary>
public class ModelTestsDepthwiseFallback
{
    public ModelTestsDepthwiseFallback() => TorchRuntime.Start();

    [Fact]
    public void BFloat16GoesThroughConv3dAndAgreesWithTheKernel()
    {
        manual_seed(21);
        var x = randn(new long[] { 2, 9, 6, 5, 7 });
        var w = randn(new long[] { 7, 1, 3, 3, 3 });
        var b = randn(7);
        var kernel = DepthwiseConv3d.Apply(x, w, b, 2, 4, 0, 1);
        var fallback = DepthwiseConv3d.Apply(x.to(bfloat16), w.to(bfloat16), b.to(bfloat16), 2, 4, 0, 1).to(float32);
        Assert.Equal(kernel.shape, fallback.shape);
        double scale = kernel.abs().max().item<float>();
        Assert.True((kernel - fallback).abs().max().item<float>() < 0.05 * scale);
    }
}
