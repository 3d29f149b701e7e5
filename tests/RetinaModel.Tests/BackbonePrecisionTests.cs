using ViST.RetinaModel.Backbones;
using ViST.RetinaModel.Bundles;
using ViST.Tests;
using Xunit.Abstractions;

namespace ViST.RetinaModel.Tests;

/// <summary>The float16 backbone against float32 on the CPU, on naturalistic frames: the error stated in
/// docs/benchmarks/backbone-fp16.md, asserted here with some headroom.</summary>
public class BackbonePrecisionTests(ITestOutputHelper output)
{
    /// <summary>A trained bundle on an ONNX backbone (ResNet18 layer 3: the previous default).</summary>
    static string ResNetBundle => Path.Combine(TestPaths.RepoRoot, "models", "resnet18-l3.vist");

    /// <summary>Max |fp16 - fp32| relative to the largest |fp32|, and the relative L2 error.</summary>
    static (double MaxRel, double L2Rel) Error(float[] fp32, float[] fp16)
    {
        double num = 0, den = 0;
        for (int i = 0; i < fp32.Length; i++) { num += Math.Pow(fp16[i] - fp32[i], 2); den += (double)fp32[i] * fp32[i]; }
        return (BackboneBindingTests.MaxAbsDiff(fp32, fp16) / (double)BackboneBindingTests.MaxAbs(fp32), Math.Sqrt(num / den));
    }

    /// <summary>The features of <paramref name="count"/> naturalistic frames through the fp32 and the fp16 backbone.</summary>
    static (float[] Fp32, float[] Fp16) Fp32AndFp16Features(BackboneSpec spec, string? bundleDir, int count, int seed)
    {
        var frames = NaturalisticMovie.Frames(count, seed);
        using var fp32 = Backbone.Open(spec, bundleDir);
        using var fp16 = Backbone.Open(spec, bundleDir, precision: BackbonePrecision.Fp16);
        var a = new float[count * 256 * fp32.Dim];
        var b = new float[a.Length];
        fp32.Extract(frames, count, a);
        fp16.Extract(frames, count, b);
        return (a, b);
    }

    [Fact]
    public void Fp16ResNetBackboneStaysWithinItsStatedError()
    {
        var (a, b) = Fp32AndFp16Features(ModelBundle.Load(ResNetBundle).Manifest.Backbone, ResNetBundle, 4, seed: 11);
        var (maxRel, l2Rel) = Error(a, b);
        output.WriteLine($"resnet18-l3 features fp16 vs fp32: max abs {BackboneBindingTests.MaxAbsDiff(a, b):G3} (max |fp32| {BackboneBindingTests.MaxAbs(a):G3}), max rel {maxRel:G3}, L2 rel {l2Rel:G3}");
        Assert.True(l2Rel < 3e-3, $"L2 rel {l2Rel}");      // measured 1.4e-3
        Assert.True(maxRel < 5e-3, $"max rel {maxRel}");   // measured 2.4e-3
    }

    [Fact]
    public void Fp16ResNetRetinaRatesStayWithinTheirStatedError()
    {
        const int steps = 12;
        var frames = NaturalisticMovie.Frames(steps, seed: 12);
        using var fp32 = VistRetina.Open(ResNetBundle);
        using var fp16 = VistRetina.Open(ResNetBundle, precision: BackbonePrecision.Fp16);
        int cells = fp32.Cells.Count;
        var a = new float[steps * cells];
        var b = new float[a.Length];
        for (int t = 0; t < steps; t++)
        {
            var frame = frames.AsSpan(t * FrameContract.Pixels, FrameContract.Pixels);
            fp32.Step(frame, a.AsSpan(t * cells, cells));
            fp16.Step(frame, b.AsSpan(t * cells, cells));
        }
        var (maxRel, l2Rel) = Error(a, b);
        output.WriteLine($"resnet18-l3 model's 90 rates, fp16 vs fp32 backbone, {steps} frames: max abs {BackboneBindingTests.MaxAbsDiff(a, b):G3} spikes/s (max {BackboneBindingTests.MaxAbs(a):G3}), max rel {maxRel:G3}, L2 rel {l2Rel:G3}");
        Assert.True(l2Rel < 2e-3, $"L2 rel {l2Rel}");      // measured 7.1e-4
        Assert.True(maxRel < 3e-3, $"max rel {maxRel}");   // measured 1.0e-3 (0.013 of 13 spikes/s)
    }

    [Fact]
    public void Fp16TokensBackboneStaysCloseToFp32()
    {
        var (a, b) = Fp32AndFp16Features(BackboneSpec.Dinov2(TestPaths.Golden("dinov2_tiny.onnx")), null, 2, seed: 13);
        var (maxRel, l2Rel) = Error(a, b);
        output.WriteLine($"dinov2_tiny tokens fp16 vs fp32: max rel {maxRel:G3}, L2 rel {l2Rel:G3}");
        Assert.True(l2Rel < 2e-3, $"L2 rel {l2Rel}");      // measured 4.2e-4
    }
}
