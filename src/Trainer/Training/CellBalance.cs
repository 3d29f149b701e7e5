using ViST.RetinaModel.Metrics;

namespace ViST.Trainer.Training;

/// <summary>
/// Per-cell weights for the "vist-balanced" loss: each cell's prediction and target are multiplied by
/// 1 / its spread, scaled so the weights average 1, where a cell's spread is the standard deviation of its
/// rate over the training ranges. The authors' loss weighs cells by the size of their rates (an RMSE in
/// spikes/s), so a cell whose rate varies half as much counts a quarter as much in the squared error; balanced,
/// every cell's error counts relative to its own spread. The weights average 1, so the loss stays near the
/// authors' scale and learning rates stay comparable. Computed from the training ranges only; a silent cell
/// gets weight 1.
/// </summary>
public static class CellBalance
{
    /// <summary>Each modelled cell's rate standard deviation over the training ranges, spikes/s.</summary>
    public static double[] Spreads(TrainingData data)
    {
        var ranges = data.Split.Train.Select(data.SequenceTargets).ToList();      // [range][cell][time]
        return Enumerable.Range(0, data.Cells)
            .Select(c => Math.Sqrt(Statistics.Variance(ranges.SelectMany(r => r[c]).ToArray()))).ToArray();
    }

    public static float[] Weights(IReadOnlyList<double> spreads)
    {
        var inverse = spreads.Where(s => s > 0).Select(s => 1 / s).ToArray();
        double scale = inverse.Length > 0 ? inverse.Average() : 1;
        return spreads.Select(s => s > 0 ? (float)(1 / s / scale) : 1f).ToArray();
    }
}
