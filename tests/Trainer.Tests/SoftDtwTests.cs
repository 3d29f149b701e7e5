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
        foreach (var c in LossGolden.Root.GetProperty("softdtw").GetProperty("cases").EnumerateArray())
        {
            int k = c.GetProperty("k").GetInt32();
            data.Add(k, false);
            if (c.TryGetProperty("loss_normalize_True", out _)) data.Add(k, true);
        }
        return data;
    }

    static System.Text.Json.JsonElement Case(int k) =>
        LossGolden.Root.GetProperty("softdtw").GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("k").GetInt32() == k);

    [Theory]
    [MemberData(nameof(GoldenCases))]
    public void ValueAndGradientMatchTslearn(int k, bool normalize)
    {
        using var scope = NewDisposeScope();
        var c = Case(k);
        double gamma = c.GetProperty("gamma").GetDouble();
        var a = LossGolden.Tensor($"softdtw_{k}_a.npy", ScalarType.Float64).unsqueeze(0).requires_grad_();
        var b = LossGolden.Tensor($"softdtw_{k}_b.npy", ScalarType.Float64).unsqueeze(0);

        var loss = SoftDtw.Loss(a, b, gamma, normalize);
        double want = c.GetProperty($"loss_normalize_{(normalize ? "True" : "False")}").GetDouble();
        Assert.InRange(LossGolden.RelativeError(loss.item<double>(), want), 0, 1e-6);

        loss.sum().backward();
        var grad = a.grad!.squeeze(0).contiguous().data<double>().ToArray();
        var wantGrad = LossGolden.Doubles($"softdtw_{k}_grad_normalize_{(normalize ? "True" : "False")}.npy");
        Assert.InRange(LossGolden.RelativeError(grad, wantGrad), 0, 1e-5);
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
        var a = LossGolden.Tensor($"softdtw_{k}_a.npy", ScalarType.Float64).unsqueeze(0);
        var b = LossGolden.Tensor($"softdtw_{k}_b.npy", ScalarType.Float64).unsqueeze(0);
        double got = SoftDtw.Value(a, b, c.GetProperty("gamma").GetDouble()).item<double>();
        Assert.InRange(LossGolden.RelativeError(got, c.GetProperty("soft_dtw").GetDouble()), 0, 1e-6);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GradientsForBothInputsMatchFiniteDifferences(bool normalize)
    {
        // float64 inputs, gamma 1 and small costs: the float32 round trips are far below the tolerance here.
        using var scope = NewDisposeScope();
        torch.manual_seed(3);
        var x = torch.rand(new long[] { 2, 5, 3 }, dtype: ScalarType.Float64).requires_grad_();
        var y = torch.rand(new long[] { 2, 4, 3 }, dtype: ScalarType.Float64).requires_grad_();
        var weights = torch.tensor(new[] { 1.0, -2.0 }, dtype: ScalarType.Float64);
        (SoftDtw.Loss(x, y, 1.0, normalize) * weights).sum().backward();
        foreach (var (input, analytic) in new[] { (x, x.grad!), (y, y.grad!) })
        {
            var flat = input.detach().clone().reshape(-1);
            var numeric = new double[flat.shape[0]];
            for (int k = 0; k < numeric.Length; k++)
            {
                double F(double delta)
                {
                    var p = flat.clone();
                    p[k] = p[k] + delta;
                    var (a, b) = ReferenceEquals(input, x) ? (p.reshape(x.shape), y.detach()) : (x.detach(), p.reshape(y.shape));
                    return (SoftDtw.Loss(a, b, 1.0, normalize) * weights).sum().item<double>();
                }
                numeric[k] = (F(1e-3) - F(-1e-3)) / 2e-3;
            }
            // The values pass through float32 (~1e-7 absolute), so the central difference is good to ~1e-4.
            var got = analytic.reshape(-1).data<double>().ToArray();
            for (int k = 0; k < numeric.Length; k++) Assert.InRange(got[k] - numeric[k], -1e-3, 1e-3);
        }
    }

    [Fact]
    public void DivergenceOfASequenceWithItselfIsZero()
    {
        using var scope = NewDisposeScope();
        torch.manual_seed(4);
        var x = torch.rand(new long[] { 3, 7, 4 }, dtype: ScalarType.Float64);
        Assert.InRange(SoftDtw.Divergence(x, x.clone(), 0.1).abs().max().item<double>(), 0, 1e-12);
    }

    [Fact]
    public void BatchedPairsEqualPairsComputedOneByOne()
    {
        // Large enough to be split across threads.
        using var scope = NewDisposeScope();
        torch.manual_seed(6);
        var x = torch.rand(300, 6, 20);
        var y = torch.rand(300, 6, 20);
        var all = SoftDtw.Divergence(x, y, 0.1);
        foreach (int b in new[] { 0, 151, 299 })
            Assert.Equal(SoftDtw.Divergence(x[b..(b + 1)], y[b..(b + 1)], 0.1).item<float>(), all[b].item<float>());
    }

    [Fact]
    public void BadShapesAndGammaAreClearErrors()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<ArgumentException>(() => SoftDtw.Value(torch.zeros(2, 5, 3), torch.zeros(2, 5, 4), 0.1));
        Assert.Contains("[2,5,4]", e.Message);
        Assert.Throws<ArgumentException>(() => SoftDtw.Value(torch.zeros(5, 3), torch.zeros(5, 3), 0.1));
        Assert.Throws<ArgumentException>(() => SoftDtw.Value(torch.zeros(1, 5, 3), torch.zeros(1, 5, 3), 0));
    }

    [Fact]
    public void TargetWithoutGradientLeavesThePredictionsGradientUnchanged()
    {
        // Training differentiates the prediction only: the target's gradient is neither computed nor sent back, and
        // the divergence's sdtw(y, y) term, which only the target's gradient needs, is skipped in the backward.
        using var scope = NewDisposeScope();
        torch.manual_seed(4);
        var x = torch.rand(new long[] { 3, 6, 4 }, dtype: ScalarType.Float64).requires_grad_();
        var target = torch.rand(new long[] { 3, 7, 4 }, dtype: ScalarType.Float64);
        var xBoth = x.detach().clone().requires_grad_();
        var yBoth = target.clone().requires_grad_();
        SoftDtw.Divergence(x, target, 0.1).sum().backward();
        SoftDtw.Divergence(xBoth, yBoth, 0.1).sum().backward();
        Assert.Null(target.grad);
        Assert.NotNull(yBoth.grad);
        Assert.Equal(xBoth.grad!.data<double>().ToArray(), x.grad!.data<double>().ToArray());
    }
}
