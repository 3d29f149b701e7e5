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

    [Fact]
    public void PackagedLibTorchIsTheVersionTorchSharpIsBuiltFor()
    {
        TorchRuntime.Start();
        Assert.StartsWith(LibTorchBuild.Required + ".", torch.__version__);     // TorchSharp's libtorch package, "2.10.0.0"
        var build = LibTorchBuild.OfLoaded();
        Assert.Equal(new LibTorchBuild("2.10.0", Cuda: false), build);
        Assert.True(build.Compatible);
    }

    [Theory]
    [InlineData("  - Build settings: BLAS_INFO=mkl, TORCH_VERSION=2.10.0, USE_CUDA=0, USE_CUDNN=OFF,", "2.10.0", false, true)]
    [InlineData("  - Build settings: CUDA_VERSION=13.0, TORCH_VERSION=2.11.0, USE_CUDA=ON, USE_CUDNN=ON,", "2.11.0", true, false)]
    [InlineData("TORCH_VERSION=2.10.0a0+gitabc123, USE_CUDA=1,", "2.10.0a0+gitabc123", true, true)]
    [InlineData("TORCH_VERSION=2.1.0, USE_CUDA=ON,", "2.1.0", true, false)]
    public void ShowConfigGivesVersionAndCuda(string text, string version, bool cuda, bool compatible)
    {
        var build = LibTorchBuild.Parse(text);
        Assert.Equal((version, cuda, compatible), (build.Version, build.Cuda, build.Compatible));
    }

    [Fact]
    public void PackagedRuntimeSaysWhereItRunsAndWhyThereIsNoCuda()
    {
        TorchRuntime.Start();
        Assert.Null(TorchRuntime.User);
        Assert.Equal($"cpu ({torch.get_num_threads()} threads); libtorch 2.10.0 packaged with vist-train; CUDA not available " +
            "(the packaged libtorch is CPU-only; for a GPU set VIST_LIBTORCH to PyTorch's torch/lib folder)", TorchRuntime.Describe(torch.CPU));
        var e = Assert.Throws<ArgumentException>(() => TorchRuntime.DeviceFor("cuda"));
        Assert.StartsWith("--device cuda: CUDA not available (the packaged libtorch is CPU-only", e.Message);
        Assert.Equal(DeviceType.CPU, TorchRuntime.DeviceFor("auto").type);
    }
}
