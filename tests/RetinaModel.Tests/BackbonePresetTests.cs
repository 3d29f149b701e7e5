using ViST.RetinaModel.Backbones;
using ViST.Tests;

namespace ViST.RetinaModel.Tests;

/// <summary>The embedded presets beyond ResNet18 layer 3: layer 2, the network-free luminance features and
/// combinations, all opened through <see cref="Backbone.Open"/> as bundles open them.</summary>
public class BackbonePresetTests
{
    [Fact]
    public void PixelsAreTheAreaAveragedLuminanceOfEachPatch()
    {
        using var bb = Backbone.Open(BackboneSpec.FromPreset("pixels", null));
        Assert.Equal((16, 64), (bb.Grid, bb.Dim));
        var frame = new byte[FrameContract.Pixels];
        for (int y = 0; y < 360; y++) for (int x = 0; x < 180; x++) frame[y * 360 + x] = 255;   // left half white
        var f = new float[256 * 64];
        bb.Extract(frame, 1, f);
        Assert.All(Enumerable.Range(0, 256), p => Assert.Equal(p % 16 < 8 ? 1f : -1f, f[p * 64 + 37], 5));
        Array.Clear(frame);
        frame[0] = 255;                                                 // one pixel: 1/2.8125² of the first bin
        bb.Extract(frame, 1, f);
        Assert.Equal(255 / (2.8125 * 2.8125) / 127.5 - 1, f[0], 4);
        Assert.Equal(-1f, f[1], 5);
    }

    [Fact]
    public void Pixels4AveragesFourBinsOfPixels()
    {
        using var fine = Backbone.Open(BackboneSpec.FromPreset("pixels", null));
        using var coarse = Backbone.Open(BackboneSpec.FromPreset("pixels4", null));
        Assert.Equal(16, coarse.Dim);
        var frame = new byte[FrameContract.Pixels];
        new Random(3).NextBytes(frame);
        var f8 = new float[256 * 64];
        var f4 = new float[256 * 16];
        fine.Extract(frame, 1, f8);
        coarse.Extract(frame, 1, f4);
        // a 4x4 bin is exactly four 8x8 bins (both grids split 360 px evenly)
        for (int p = 0; p < 256; p += 37)
            for (int k = 0; k < 16; k++)
            {
                int r = k / 4, c = k % 4;
                double mean = (f8[p * 64 + 2 * r * 8 + 2 * c] + f8[p * 64 + 2 * r * 8 + 2 * c + 1] + f8[p * 64 + (2 * r + 1) * 8 + 2 * c] + f8[p * 64 + (2 * r + 1) * 8 + 2 * c + 1]) / 4;
                Assert.Equal(mean, f4[p * 16 + k], 4);
            }
    }

    [Theory]
    [InlineData("resnet18-l2", 128, 128)]
    [InlineData("resnet18-l3", 256, 256)]
    public void ResNet18StagesGiveA16x16GridAndAreDeterministic(string preset, int inputSize, int channels)
    {
        var spec = BackboneSpec.FromPreset(preset, null);
        Assert.Equal(inputSize, spec.Preprocessing.InputSize);
        using var bb = Backbone.Open(spec);
        Assert.Equal((16, channels), (bb.Grid, bb.Dim));
        var frames = new byte[2 * FrameContract.Pixels];
        new Random(2).NextBytes(frames);
        var a = new float[2 * 256 * channels];
        var b = new float[2 * 256 * channels];
        bb.Extract(frames, 2, a);
        bb.Extract(frames, 2, b);
        Assert.Equal(a, b);
        Assert.All(a, v => Assert.True(float.IsFinite(v) && v >= 0));          // both stages end in a ReLU
        Assert.True(a.Count(v => v > 0) > a.Length / 10, "features are almost all zero");
        var one = new float[256 * channels];
        bb.Extract(frames.AsSpan(FrameContract.Pixels), 1, one);
        StreamingHeadTests.AssertRelativeClose(b.AsSpan(256 * channels).ToArray(), one, 1e-4);
    }

    [Fact]
    public void ACombinationPutsEachPartsFeaturesSideBySidePerPatch()
    {
        var spec = BackboneSpec.FromPreset("resnet18-l2+pixels4", null);
        Assert.Equal((BackboneSpec.ConcatLayout, 144), (spec.Layout, spec.Dim));
        using var both = Backbone.Open(spec);
        using var l2 = Backbone.Open(BackboneSpec.FromPreset("resnet18-l2", null));
        using var luma = Backbone.Open(BackboneSpec.FromPreset("pixels4", null));
        var frame = new byte[FrameContract.Pixels];
        new Random(4).NextBytes(frame);
        var f = new float[256 * 144];
        var a = new float[256 * 128];
        var b = new float[256 * 16];
        both.Extract(frame, 1, f);
        l2.Extract(frame, 1, a);
        luma.Extract(frame, 1, b);
        for (int p = 0; p < 256; p++)
        {
            Assert.Equal(a.AsSpan(p * 128, 128).ToArray(), f.AsSpan(p * 144, 128).ToArray());
            Assert.Equal(b.AsSpan(p * 16, 16).ToArray(), f.AsSpan(p * 144 + 128, 16).ToArray());
        }
    }

    [Theory]
    [InlineData("resnet18-l2+resnet18-l2")]
    [InlineData("pixels+nothing")]
    [InlineData("dinov2+pixels")]
    public void BadCombinationsAreRefusedByName(string preset)
    {
        var e = Assert.Throws<ArgumentException>(() => BackboneSpec.FromPreset(preset, "x.onnx"));
        Assert.Contains(preset, e.Message);
    }
}
