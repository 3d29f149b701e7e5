using TorchSharp;
using ViST.Trainer.Loss;
using ViST.Trainer.Torch;
using static TorchSharp.torch;

namespace ViST.Trainer.Tests;

public class SoftDtwTests
{
    public SoftDtwTests() => TorchRuntime.Start();

    public static TheoryData<int, bool> GoldenCases()
    {
        var data = new TheoryData<int, bool>();
        foreach (var c in GoldenData.Root.GetProperty("softdtw").GetProperty("cases").EnumerateArray())
        {
            int k = c.GetProperty("k").GetInt32();
            data.Add(k, false);
            if (c.TryGetProperty("loss_normalize_True", out _)) data.Add(k, true);
        }
        return data;
    }

    static System.Text.Json.JsonElement Case(int k) =>
        GoldenData.Root.GetProperty("softdtw").GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("k").GetInt32() == k);

    [Theory]
    [MemberData(nameof(GoldenCases))]
    public void ValueAndGradientMatchTslearn(int k, bool normalize)
    {
        using var scope = NewDisposeScope();
        var c = Case(k);
        double gamma = c.GetProperty("gamma").GetDouble();
        var a = GoldenData.Tensor($"softdtw_{k}_a.npy", ScalarType.Float64).unsqueeze(0).requires_grad_();
        var b = GoldenData.Tensor($"softdtw_{k}_b.npy", ScalarType.Float64).unsqueeze(0);

        var loss = SoftDtw.Loss(a, b, gamma, normalize);
        double want = c.GetProperty($"loss_normalize_{(normalize ? "True" : "False")}").GetDouble();
        Assert.InRange(GoldenData.RelativeError(loss.item<double>(), want), 0, 1e-6);

        loss.sum().backward();
        var grad = a.grad!.squeeze(0).contiguous().data<double>().ToArray();
        var wantGrad = GoldenData.Doubles($"softdtw_{k}_grad_normalize_{(normalize ? "True" : "False")}.npy");
        Assert.InRange(GoldenData.RelativeError(grad, wantGrad), 0, 1e-5);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void PlainSoftDtwMatchesTslearnSoftDtw(int k)
    {
        // tslearn's soft_dtw (no float32 round trip): the value of the recursion itself.
        using var scope = NewDisposeScope();
        var c = Case(k);
        var a = GoldenData.Tensor($"softdtw_{k}_a.npy", ScalarType.Float64).unsqueeze(0);
        var b = GoldenData.Tensor($"softdtw_{k}_b.npy", ScalarType.Float64).unsqueeze(0);
        double got = SoftDtw.Value(a, b, c.GetProperty("gamma").GetDouble()).item<double>();
        Assert.InRange(GoldenData.RelativeError(got, c.GetProperty("soft_dtw").GetDouble()), 0, 1e-6);
    }
}
