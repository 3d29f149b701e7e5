using Google.Protobuf;
using ViST.RetinaModel.Backbones;
using ViST.RetinaModel.IO;
using ViST.RetinaModel.Onnx;
using ViST.Tests;
using DT = Onnx.TensorProto.Types.DataType;

namespace ViST.RetinaModel.Tests;

public class BackboneTests
{
    static byte[] Frames(int count, int seed)
    {
        var f = new byte[count * FrameContract.Pixels];
        new Random(seed).NextBytes(f);
        return f;
    }

    [Fact]
    public void Dinov2DropsClsAndKeepsRowMajorPatches()
    {
        var image = Npy.Read(TestPaths.Golden("dinov2_tiny_image.npy")).RequireShape("image", 1, 3, 224, 224);
        var tokens = Npy.Read(TestPaths.Golden("dinov2_tiny_tokens.npy")).RequireShape("tokens", 1, 257, 64).ToFloat32();
        using var bb = OnnxBackbone.Open(BackboneSpec.Dinov2(TestPaths.Golden("dinov2_tiny.onnx")));
        Assert.Equal(64, bb.Dim);
        var features = new float[256 * 64];
        bb.ExtractPreprocessed(image.ToFloat32(), 1, features);
        var expected = tokens.AsSpan(64).ToArray();   // CLS (token 0) dropped
        HeadGoldenTests.AssertClose(expected, features);
    }

    [Fact]
    public void Dinov2FramesGiveOnePatchGridPerStream()
    {
        using var bb = OnnxBackbone.Open(BackboneSpec.Dinov2(TestPaths.Golden("dinov2_tiny.onnx")));
        var frames = Frames(2, 1);
        var both = new float[2 * 256 * 64];
        bb.Extract(frames, 2, both);
        var second = new float[256 * 64];
        bb.Extract(frames.AsSpan(FrameContract.Pixels), 1, second);
        Assert.All(both, v => Assert.True(float.IsFinite(v)));
        StreamingHeadTests.AssertRelativeClose(both.AsSpan(256 * 64).ToArray(), second, 1e-5);
    }

    [Fact]
    public void PreprocessingNormalisesAConstantFrame()
    {
        var pre = new FramePreprocessor(Preprocessing.ImageNet(224), "test");
        var frame = Enumerable.Repeat((byte)200, FrameContract.Pixels).ToArray();
        var x = new float[pre.InputValues];
        pre.Run(frame, 1, x);
        float[] mean = [0.485f, 0.456f, 0.406f], std = [0.229f, 0.224f, 0.225f];
        for (int c = 0; c < 3; c++)
            Assert.All(x.AsSpan(c * 224 * 224, 224 * 224).ToArray(), v => Assert.Equal((200f / 255f - mean[c]) / std[c], v, 1e-5f));
    }

    [Fact]
    public void PreprocessingResizesBilinearlyWithPixelCentres()
    {
        // A horizontal ramp v = x / 2 is reproduced exactly by a bilinear resize away from the clamped edges:
        // output column o samples source position (o + 0.5) * 360/224 - 0.5.
        var frame = new byte[FrameContract.Pixels];
        for (int y = 0; y < 360; y++) for (int xx = 0; xx < 360; xx++) frame[y * 360 + xx] = (byte)(xx / 2);
        var pre = new FramePreprocessor(new Preprocessing(224, 1f, [0, 0, 0], [1, 1, 1]), "test");
        var x = new float[pre.InputValues];
        pre.Run(frame, 1, x);
        for (int o = 1; o < 223; o++)
        {
            double src = (o + 0.5) * 360.0 / 224 - 0.5;
            int a = (int)src;
            double expected = (a / 2) + ((a + 1) / 2 - a / 2) * (src - a);
            Assert.Equal(expected, x[100 * 224 + o], 1e-4);
            Assert.Equal(x[100 * 224 + o], x[2 * 224 * 224 + 7 * 224 + o]);   // same in every row and channel
        }
    }

    [Fact]
    public void ResNetMeanImageIsCntksResized()
    {
        var m = ResNet18Model.MeanImage(256);
        Assert.Equal(3 * 256 * 256, m.Length);
        float[] channelMean = [.. Enumerable.Range(0, 3).Select(c => m.AsSpan(c * 65536, 65536).ToArray().Average())];
        for (int c = 0; c < 3; c++) Assert.Equal(BackboneSpec.ResNet18L3.Preprocessing.Mean[c], channelMean[c], 0.3f);
    }

    [Fact]
    public void GenericMapBackboneTransposesChannelsToPatchFeatures()
    {
        // A generic "map" model: 2x2 average pooling of a 32x32 input gives a [B,3,16,16] map (D = 3).
        var g = new GraphBuilder("pool");
        g.Input("image", DT.Float, "B", 3, 32, 32);
        g.Node("AveragePool", ["image"], "map", GraphBuilder.Ints("kernel_shape", 2, 2), GraphBuilder.Ints("strides", 2, 2));
        g.Output("map", DT.Float, "B", 3, 16, 16);
        string path = Path.Combine(TestPaths.TempDir(), "pool.onnx");
        File.WriteAllBytes(path, g.ToModel("test", "pool").ToByteArray());
        var pre = new Preprocessing(32, 1f, [0, 10, 20], [1, 1, 2]);
        var spec = new BackboneSpec(BackboneSpec.GenericPreset, "pool.onnx", "map", BackboneSpec.MapLayout, 16, 3, pre);
        using var bb = OnnxBackbone.Open(spec, Path.GetDirectoryName(path));

        var frames = Frames(2, 4);
        var features = new float[2 * 256 * 3];
        bb.Extract(frames, 2, features);
        var x = new float[2 * 3 * 32 * 32];
        new FramePreprocessor(pre, "test").Run(frames, 2, x);
        for (int b = 0; b < 2; b++)
            for (int c = 0; c < 3; c++)
                for (int p = 0; p < 256; p++)
                {
                    int r = p / 16, col = p % 16, o = (b * 3 + c) * 1024;
                    float mean = (x[o + 2 * r * 32 + 2 * col] + x[o + 2 * r * 32 + 2 * col + 1] + x[o + (2 * r + 1) * 32 + 2 * col] + x[o + (2 * r + 1) * 32 + 2 * col + 1]) / 4;
                    Assert.Equal(mean, features[(b * 256 + p) * 3 + c], 1e-4f);
                }
    }

    [Fact]
    public void WrongOutputShapeIsAClearError()
    {
        // tokens layout, but the model returns [B,3,50176]: far fewer tokens than a 16x16 grid.
        var g = new GraphBuilder("bad");
        g.Input("pixel_values", DT.Float, "B", 3, 224, 224);
        g.Node("Reshape", ["pixel_values", g.ConstI64("shape", 0, 3, 224 * 224)], "last_hidden_state");
        g.Output("last_hidden_state", DT.Float, "B", 3, 224 * 224);
        string dir = TestPaths.TempDir();
        string path = Path.Combine(dir, "bad.onnx");
        File.WriteAllBytes(path, g.ToModel("test", "wrong shape").ToByteArray());
        var e = Assert.Throws<InvalidDataException>(() => OnnxBackbone.Open(BackboneSpec.Dinov2(path)));
        Assert.Contains(path, e.Message);
        Assert.Contains("[?,3,50176]", e.Message);
    }
}
