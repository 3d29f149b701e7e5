using ViST.RetinaModel.Head;
using ViST.RetinaModel.IO;
using ViST.Tests;

namespace ViST.RetinaModel.Tests;

/// <summary>The ONNX head built in C# reproduces the authors' PyTorch forward (golden files).</summary>
public class HeadGoldenTests
{
    [Fact]
    public void VistSmallMatchesGolden()
    {
        var w = SafeTensors.Read(TestPaths.Golden("vist_small_weights.safetensors"));
        var x = Npy.Read(TestPaths.Golden("vist_small_x.npy")).RequireShape("x", 2, 40, 256, 48);
        var rf = Npy.Read(TestPaths.Golden("vist_small_rf.npy")).RequireShape("rf", 2, 90, 16, 16);
        var y = Npy.Read(TestPaths.Golden("vist_small_y.npy")).RequireShape("y", 2, 90, 40);

        using var head = FullWindowHead.FromWeights(w, "vist_small");
        Assert.Equal(new HeadConfig(6, 32, 48, 90, 16, HeadConfig.PaperWindows).ToString(), head.Config.ToString());
        var got = head.Run(x.ToFloat32(), 2, 40, rf.ToFloat32());
        AssertClose(y.ToFloat32(), got);
    }

    [Fact]
    public void VistFullMatchesGolden()
    {
        var w = SafeTensors.Read(TestPaths.Golden("vist_full_weights.safetensors"));
        var rf = Npy.Read(TestPaths.Golden("vist_full_rf.npy")).RequireShape("rf", 1, 90, 16, 16);
        var y = Npy.Read(TestPaths.Golden("vist_full_y.npy")).RequireShape("y", 1, 90, 32);
        var x = GoldenInput(batch: 1, frames: 32, dim: 1024, phase: 0.3);

        using var head = FullWindowHead.FromWeights(w, "vist_full");
        Assert.Equal(HeadConfig.Paper(1024).ToString(), head.Config.ToString());
        AssertClose(y.ToFloat32(), head.Run(x, 1, 32, rf.ToFloat32()));
    }

    /// <summary>golden/README.md: x[b,t,p,d] = sin(0.37(b+1) + 0.11t + 0.013p + 0.029d + phase) * cos(0.07d - 0.05t + 0.5 phase),
    /// in float64, then cast to float32.</summary>
    internal static float[] GoldenInput(int batch, int frames, int dim, double phase)
    {
        var x = new float[batch * frames * 256 * dim];
        int i = 0;
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < frames; t++)
                for (int p = 0; p < 256; p++)
                    for (int d = 0; d < dim; d++)
                        x[i++] = (float)(Math.Sin(0.37 * (b + 1) + 0.11 * t + 0.013 * p + 0.029 * d + phase) * Math.Cos(0.07 * d - 0.05 * t + 0.5 * phase));
        return x;
    }

    /// <summary>max|diff| <= 1e-4 * max|y| + 1e-5 (golden/README: float32, different conv algorithms).</summary>
    internal static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double maxY = expected.Max(v => Math.Abs((double)v)), maxDiff = 0;
        for (int i = 0; i < expected.Length; i++) maxDiff = Math.Max(maxDiff, Math.Abs((double)expected[i] - actual[i]));
        Assert.True(maxY > 0, "reference output is all zeros");
        Assert.True(maxDiff <= 1e-4 * maxY + 1e-5, $"max|diff| = {maxDiff:G4}, max|y| = {maxY:G4}");
    }
}
