using TorchSharp;
using ViST.Trainer.Torch;
using ViST.Trainer.Training;
using static TorchSharp.torch;

namespace ViST.Trainer.Tests;

public class SwaAveragerTests
{
    [Fact]
    public void AveragesParametersEquallyAndLeavesBuffersAlone()
    {
        TorchRuntime.Start();
        using var model = nn.Sequential(("lin", nn.Linear(3, 2)), ("bn", nn.BatchNorm1d(2)));
        using var swa = new SwaAverager();
        var w = ((TorchSharp.Modules.Linear)model[0]).weight!;
        var values = new[] { 1.0f, 2.0f, 6.0f };
        foreach (var v in values)
        {
            using (no_grad()) w.fill_(v);
            swa.Update(model);
        }
        using (no_grad()) w.fill_(100);
        swa.CopyInto(model);
        Assert.Equal(3, swa.Count);
        Assert.Equal(3.0f, w.mean().item<float>(), 5);
    }

    [Fact]
    public void BatchNormRecomputeIsACumulativeAverage()
    {
        TorchRuntime.Start();
        using var bn = nn.BatchNorm1d(1);
        bn.running_mean!.fill_(5);
        var restore = SwaAverager.PrepareBatchNormRecompute(bn);
        bn.train();
        bn.forward(tensor(new float[] { 1, 3 }).reshape(2, 1));     // batch mean 2
        bn.forward(tensor(new float[] { 7, 9 }).reshape(2, 1));     // batch mean 8
        Assert.Equal(5.0f, bn.running_mean!.item<float>(), 5);       // (2 + 8) / 2, the old 5 forgotten
        restore();
        Assert.Equal(0.1, bn.momentum!.Value, 6);
    }
}
