using TorchSharp;
using ViST.Trainer.Torch;

namespace ViST.Trainer.Tests;

public class TorchRuntimeTests
{
    [Fact]
    public void StartDisablesOneDnnAndTorchComputes()
    {
        TorchRuntime.Start();
        Assert.False(TorchRuntime.OneDnnEnabled);
        using var x = torch.ones(2, 3);
        Assert.Equal(6.0f, x.sum().item<float>());
    }

    [Fact]
    public void DilatedDepthwiseConv3dIsCorrectOnChannelsLastInput()
    {
        // The case oneDNN gets wrong on this CPU: depthwise 3x3x3, temporal dilation 2, channels-last input.
        TorchRuntime.Start();
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(3);
        var x = torch.randn(new long[] { 1, 16, 12, 6, 6 }, dtype: torch.float64);
        var w = torch.randn(new long[] { 16, 1, 3, 3, 3 }, dtype: torch.float64);
        var reference = torch.nn.functional.conv3d(x, w, dilation: new long[] { 2, 1, 1 }, groups: 16);
        var xf = x.to(torch.float32).permute(0, 2, 3, 4, 1).contiguous().permute(0, 4, 1, 2, 3);
        var got = torch.nn.functional.conv3d(xf, w.to(torch.float32), dilation: new long[] { 2, 1, 1 }, groups: 16);
        double err = (got.to(torch.float64) - reference).abs().max().item<double>();
        double scale = reference.abs().max().item<double>();
        Assert.True(err <= 1e-5 * scale, $"max error {err} vs scale {scale}");
    }
}
