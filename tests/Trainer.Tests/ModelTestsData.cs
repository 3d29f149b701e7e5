using System.Text.Json.Nodes;
using TorchSharp;
using ViST.RetinaModel.IO;
using ViST.Tests;
using static TorchSharp.torch;

namespace ViST.Trainer.Tests;

/// <summary>Inputs of the golden Vi-ST cases (shared/golden/README.md) and the agreement check they use.</summary>
static class ModelTestsData
{
    public static JsonObject Golden(string name) =>
        JsonNode.Parse(File.ReadAllText(TestPaths.Golden("golden.json")))![name]!.AsObject();

    /// <summary>x[b,t,p,d] = sin(0.37(b+1) + 0.11t + 0.013p + 0.029d + phase) * cos(0.07d - 0.05t + 0.5 phase),
    /// computed in float64 and cast to float32, as the golden README specifies.</summary>
    public static NdArray FormulaX(int b, int t, int patches, int d, double phase)
    {
        var data = new float[(long)b * t * patches * d];
        long i = 0;
        for (int ib = 0; ib < b; ib++)
            for (int it = 0; it < t; it++)
                for (int p = 0; p < patches; p++)
                    for (int id = 0; id < d; id++)
                        data[i++] = (float)(Math.Sin(0.37 * (ib + 1) + 0.11 * it + 0.013 * p + 0.029 * id + phase)
                                            * Math.Cos(0.07 * id - 0.05 * it + 0.5 * phase));
        return NdArray.Of(data, b, t, patches, d);
    }

    /// <summary>The golden tolerance: max|diff| &lt;= 1e-4 max|y| + 1e-5.</summary>
    public static void AssertMatchesGolden(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double maxDiff = 0, maxY = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            maxDiff = Math.Max(maxDiff, Math.Abs((double)expected[i] - actual[i]));
            maxY = Math.Max(maxY, Math.Abs((double)expected[i]));
        }
        double tol = 1e-4 * maxY + 1e-5;
        Assert.True(maxDiff <= tol, $"{what}: max|diff| {maxDiff:G4} > tolerance {tol:G4} (max|y| {maxY:G4})");
    }

    public static Tensor ToTensor(NdArray a) => tensor(a.ToFloat32(), a.Shape);

    public static float[] ToArray(Tensor t) => t.detach().cpu().contiguous().data<float>().ToArray();
}
