using TorchSharp;
using ViST.Trainer.Loss;
using ViST.Trainer.Torch;
using static TorchSharp.torch;

namespace ViST.Trainer.Tests;

public class LossTests
{
    public LossTests() => TorchRuntime.Start();

    [Fact]
    public void LossTermsAndGradientMatchTheAuthorsCode()
    {
        using var scope = NewDisposeScope();
        var g = LossGolden.Root.GetProperty("loss");
        var yhat = LossGolden.Tensor("loss_yhat.npy", ScalarType.Float32).requires_grad_();
        var y = LossGolden.Tensor("loss_y.npy", ScalarType.Float32);

        var terms = ViSTLoss.Terms(yhat, y);
        Assert.InRange(LossGolden.RelativeError(terms.Loss.item<float>(), g.GetProperty("loss").GetDouble()), 0, 1e-5);
        Assert.InRange(LossGolden.RelativeError(terms.Rmse.item<float>(), g.GetProperty("rmse").GetDouble()), 0, 1e-5);
        Assert.InRange(LossGolden.RelativeError(terms.NegRelu.item<float>(), g.GetProperty("negrelu").GetDouble()), 0, 1e-5);
        Assert.NotNull(terms.SdtwShort);
        Assert.NotNull(terms.SdtwLong);

        terms.Loss.backward();
        var grad = yhat.grad!.to(ScalarType.Float64).contiguous().data<double>().ToArray();
        Assert.InRange(LossGolden.RelativeError(grad, LossGolden.Doubles("loss_grad.npy")), 0, 1e-4);
    }

    [Fact]
    public void SoftDtwTermsAreWindowMeansOfTheDivergence()
    {
        // T = 40: windows of 2 frames at stride 1 (38 windows) and of 4 frames at stride 2 (18 windows).
        using var scope = NewDisposeScope();
        torch.manual_seed(5);
        var yhat = torch.rand(2, 3, 40, dtype: ScalarType.Float64);
        var y = torch.rand(2, 40, 3, dtype: ScalarType.Float64);
        var terms = ViSTLoss.Terms(yhat, y);
        var pred = yhat.permute(0, 2, 1);
        double Expected(int w, int stride)
        {
            double sum = 0; int count = 0;
            for (int s = 0; s < 40 - w; s += stride, count++)
                sum += SoftDtw.Divergence(pred[.., s..(s + w)], y[.., s..(s + w)], 0.1).sum().item<double>();
            return sum / (count * 2);
        }
        Assert.Equal(Expected(2, 1), terms.SdtwShort!.item<double>(), 12);
        Assert.Equal(Expected(4, 2), terms.SdtwLong!.item<double>(), 12);
        double total = 0.1 * terms.Rmse.item<double>() + 0.5 * terms.NegRelu.item<double>()
            + 5e-6 * (terms.SdtwShort.item<double>() + terms.SdtwLong.item<double>());
        Assert.Equal(total, terms.Loss.item<double>(), 12);
    }

    [Fact]
    public void ShortSequencesLeaveOutTheSoftDtwTermsUpstreamCannotCompute()
    {
        using var scope = NewDisposeScope();
        var yhat = torch.ones(1, 4, 30).requires_grad_();
        var y = torch.zeros(1, 30, 4);
        var terms = ViSTLoss.Terms(yhat, y);               // T/20 = 1: stride 0, left out; T/10 = 3: kept
        Assert.Null(terms.SdtwShort);
        Assert.NotNull(terms.SdtwLong);
        var tiny = ViSTLoss.Terms(torch.ones(1, 4, 10), torch.zeros(1, 10, 4));
        Assert.Null(tiny.SdtwShort);
        Assert.Null(tiny.SdtwLong);
        Assert.Equal(0.1, tiny.Loss.item<float>(), 6);     // RMSE 1, no negatives
        terms.Loss.backward();
        Assert.True(torch.isfinite(yhat.grad!).all().item<bool>());
    }

    [Fact]
    public void IdenticalPredictionAndTargetGiveZeroDivergence()
    {
        using var scope = NewDisposeScope();
        torch.manual_seed(7);
        var y = torch.rand(2, 128, 5, dtype: ScalarType.Float64);
        var terms = ViSTLoss.Terms(y.permute(0, 2, 1), y);
        Assert.Equal(0, terms.Rmse.item<double>(), 12);
        Assert.InRange(Math.Abs(terms.SdtwShort!.item<double>()), 0, 1e-5);
        Assert.InRange(Math.Abs(terms.SdtwLong!.item<double>()), 0, 1e-5);
    }

    [Fact]
    public void TheBalancedLossCountsEachCellsErrorRelativeToItsOwnRates()
    {
        // Two cells with the same response shape, one 10x the other's rates. Getting the small cell 50% wrong costs
        // the authors' loss far less than getting the large one 50% wrong; weighted 10:1 (the inverse of their
        // spreads), the two mistakes cost the same, and with unit weights the balanced loss is the authors'.
        using var scope = NewDisposeScope();
        torch.manual_seed(3);
        var shape = torch.rand(1, 128, 1) * 4;
        var y = torch.cat([shape, 10 * shape], 2);                          // [1, T, 2]
        Tensor Off(int cell)
        {
            var p = y.permute(0, 2, 1).clone();
            p[0, cell] = p[0, cell] * 1.5;
            return p;
        }
        var weights = torch.tensor(new[] { 10f / 5.5f, 1f / 5.5f });      // 1 / spread, scaled to mean 1
        Assert.True(ViSTLoss.Compute(Off(0), y).item<float>() < 0.2 * ViSTLoss.Compute(Off(1), y).item<float>());
        Assert.Equal(ViSTLoss.Balanced(Off(0), y, weights).item<float>(), ViSTLoss.Balanced(Off(1), y, weights).item<float>(), 4);
        Assert.Equal(ViSTLoss.Compute(Off(1), y).item<float>(), ViSTLoss.Balanced(Off(1), y, torch.ones(2)).item<float>(), 6);
    }

    [Fact]
    public void MismatchedShapesAreRejectedWithTheShapesInTheMessage()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<ArgumentException>(() => ViSTLoss.Terms(torch.zeros(2, 90, 128), torch.zeros(2, 90, 128)));
        Assert.Contains("[2,90,128]", e.Message);
    }

    [Fact]
    public void NaNInputsGiveANaNLossNotACrash()
    {
        using var scope = NewDisposeScope();
        var yhat = torch.rand(1, 3, 40);
        yhat[0, 1, 5] = torch.tensor(float.NaN);
        var loss = ViSTLoss.Compute(yhat, torch.rand(1, 40, 3));
        Assert.True(float.IsNaN(loss.item<float>()));
    }
}
