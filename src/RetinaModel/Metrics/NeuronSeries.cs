namespace ViST.RetinaModel.Metrics;

/// <summary>
/// Responses as one time series per neuron, [neuron][time]. Batched responses [N, neurons, frames] (the layout
/// of the model's output) are concatenated in time, sample after sample, as the authors' metrics do.
/// </summary>
public static class NeuronSeries
{
    /// <summary>[N, neurons, frames] or [neurons, frames], C order, -> [neuron][N * frames].</summary>
    public static double[][] FromBatched(ReadOnlySpan<double> data, IReadOnlyList<long> shape, string what = "responses")
    {
        if (shape.Count is not (2 or 3))
            throw new ArgumentException($"{what}: expected [N, neurons, frames] or [neurons, frames], got [{string.Join(",", shape)}]");
        int batch = shape.Count == 3 ? checked((int)shape[0]) : 1;
        int neurons = checked((int)shape[^2]), frames = checked((int)shape[^1]);
        if (data.Length != (long)batch * neurons * frames)
            throw new ArgumentException($"{what}: {data.Length} values do not fill shape [{string.Join(",", shape)}]");
        var series = new double[neurons][];
        for (int c = 0; c < neurons; c++)
        {
            series[c] = new double[batch * frames];
            for (int b = 0; b < batch; b++)
                data.Slice((b * neurons + c) * frames, frames).CopyTo(series[c].AsSpan(b * frames));
        }
        return series;
    }

    /// <summary>Trials [R, frames, neurons] (the dataset layout) -> [neuron][trial][frame].</summary>
    public static double[][][] FromTrials(ReadOnlySpan<double> data, IReadOnlyList<long> shape, string what = "trials")
    {
        if (shape.Count != 3)
            throw new ArgumentException($"{what}: expected [trials, frames, neurons], got [{string.Join(",", shape)}]");
        int trials = checked((int)shape[0]), frames = checked((int)shape[1]), neurons = checked((int)shape[2]);
        if (data.Length != (long)trials * frames * neurons)
            throw new ArgumentException($"{what}: {data.Length} values do not fill shape [{string.Join(",", shape)}]");
        var series = new double[neurons][][];
        for (int c = 0; c < neurons; c++)
        {
            series[c] = new double[trials][];
            for (int r = 0; r < trials; r++)
            {
                var s = series[c][r] = new double[frames];
                for (int t = 0; t < frames; t++) s[t] = data[(r * frames + t) * neurons + c];
            }
        }
        return series;
    }

    public static void CheckSameShape(double[][] prediction, double[][] target)
    {
        if (prediction.Length != target.Length)
            throw new ArgumentException($"prediction has {prediction.Length} neurons but target has {target.Length}");
        for (int c = 0; c < prediction.Length; c++)
            if (prediction[c].Length != target[c].Length)
                throw new ArgumentException($"neuron {c}: prediction has {prediction[c].Length} frames but target has {target[c].Length}");
    }
}

/// <summary>A per-neuron metric and its mean over neurons.</summary>
public sealed record MetricSummary(double[] PerNeuron, double Mean);
