using System.Text.Json;
using TorchSharp;
using ViST.RetinaModel.IO;
using ViST.Tests;
using static TorchSharp.torch;

namespace ViST.Trainer.Tests;

/// <summary>The authors' reference outputs (../shared/golden) as tensors and JSON values.</summary>
static class LossGolden
{
    static readonly Lazy<JsonElement> Json = new(() =>
        JsonDocument.Parse(File.ReadAllText(TestPaths.Golden("golden.json"))).RootElement);

    public static JsonElement Root => Json.Value;

    public static Tensor Tensor(string file, ScalarType dtype)
    {
        var a = Npy.Read(TestPaths.Golden(file));
        return torch.tensor(a.ToFloat64(), a.Shape, ScalarType.Float64).to(dtype);
    }

    public static double[] Doubles(string file) => Npy.Read(TestPaths.Golden(file)).ToFloat64();

    /// <summary>max |got - want| relative to max |want|: a scale-aware error that does not blow up at zeros.</summary>
    public static double RelativeError(double[] got, double[] want)
    {
        Assert.Equal(want.Length, got.Length);
        double err = 0, scale = 0;
        for (int i = 0; i < want.Length; i++) { err = Math.Max(err, Math.Abs(got[i] - want[i])); scale = Math.Max(scale, Math.Abs(want[i])); }
        return err / scale;
    }

    public static double RelativeError(double got, double want) => Math.Abs(got - want) / Math.Abs(want);
}
