using ViST.RetinaModel.Data.Datasets;
using ViST.Trainer.Loss;
using ViST.Trainer.Model;
using static TorchSharp.torch;

namespace ViST.Trainer.Training;

/// <summary>A network's predictions over a dataset's held-out ranges, as validation and evaluation need them.</summary>
public static class HeldOutPrediction
{
    /// <summary>Output frames per forward pass when a held-out sequence is predicted in pieces.</summary>
    const int Chunk = 384;

    /// <summary>Predictions and targets over the test ranges as [neuron][time], and the mean Vi-ST loss (whatever the
    /// training objective, so that variants compare).</summary>
    public static (double[][] pred, double[][] target, double loss) Predict(ViStNetwork model, TrainingData data, Device device)
    {
        model.eval();
        using var _ = no_grad();
        var preds = new List<double[][]>(); var targets = new List<double[][]>();
        double lossSum = 0;
        foreach (var r in data.Split.Test)
        {
            using var scope = NewDisposeScope();
            var yhat = Sequence(model, data, r, device);                                              // [1, N, T]
            var target = data.SequenceTargets(r);
            var y = tensor(Transpose(target), new long[] { 1, r.Count, data.Cells }).to(device);
            lossSum += ViSTLoss.Compute(yhat, y).item<float>();
            preds.Add(ToSeries(yhat[0]));
            targets.Add(target);
        }
        return (Concat(preds), Concat(targets), lossSum / Math.Max(1, data.Split.Test.Count));
    }

    /// <summary>One held-out range through the network in evaluation mode, as if whole. A causal network's output
    /// at t depends only on frames [t - reach, t], so the range goes through in pieces of <see cref="Chunk"/>
    /// outputs, each fed with the reach of frames before it, and the pieces' outputs equal the whole run's (up to
    /// float summation order): memory stays that of a piece, not of the movie (13 GB for 1,800 frames whole).
    /// Non-causal ablations see the whole range at once.</summary>
    internal static Tensor Sequence(ViStNetwork model, TrainingData data, FrameRange r, Device device)
    {
        var masks = data.Masks(1).to(device);
        if (model.Config.CausalReach is not int reach || r.Count <= Chunk + reach)
            return model.forward(data.SequenceFeatures(r.Start, r.Count).to(device), masks);
        var pieces = new List<Tensor>();
        for (int s = 0; s < r.Count; s += Chunk)
        {
            int context = Math.Min(s, reach), count = Math.Min(Chunk, r.Count - s);
            var y = model.forward(data.SequenceFeatures(r.Start + s - context, context + count).to(device), masks);
            pieces.Add(y[.., .., context..]);
        }
        return cat(pieces, 2);
    }

    /// <summary>[N, ...] tensor to [neuron][everything else, flattened] doubles.</summary>
    internal static double[][] ToSeries(Tensor t)
    {
        int n = (int)t.shape[0];
        var flat = t.reshape(n, -1).cpu().to_type(ScalarType.Float64).data<double>().ToArray();
        int len = flat.Length / n;
        return Enumerable.Range(0, n).Select(i => flat.AsSpan(i * len, len).ToArray()).ToArray();
    }

    static float[] Transpose(double[][] series)              // [N][T] -> [T, N] row-major
    {
        int n = series.Length, t = series[0].Length;
        var o = new float[n * t];
        for (int i = 0; i < n; i++) for (int k = 0; k < t; k++) o[k * n + i] = (float)series[i][k];
        return o;
    }

    static double[][] Concat(List<double[][]> parts) =>
        Enumerable.Range(0, parts[0].Length).Select(c => parts.SelectMany(p => p[c]).ToArray()).ToArray();
}
