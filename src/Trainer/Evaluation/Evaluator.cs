using ViST.RetinaModel;
using ViST.RetinaModel.Data.Datasets;
using ViST.RetinaModel.Metrics;
using ViST.Trainer.Model;
using ViST.Trainer.Torch;
using ViST.Trainer.Training;

namespace ViST.Trainer.Evaluation;

/// <summary>A model's predictions on a held-out split, the recordings, and every metric.</summary>
public sealed record Evaluation(string Model, string Dataset, string Split, double[][] Prediction, double[][] Target,
    MetricsReport Report, IReadOnlyList<CellInfo> Cells);

/// <summary>Runs a model over a dataset's test ranges and scores it.</summary>
public static class Evaluator
{
    /// <summary>The trained network of a run (model.safetensors), run whole over each test range (causal).</summary>
    public static Evaluation OfRun(TrainingRun run, TrainingData data)
    {
        TorchRuntime.Start();
        if (!File.Exists(run.FinalWeights)) throw new FileNotFoundException($"{run.FinalWeights}: the run has not finished (no final weights); resume it first", run.FinalWeights);
        using var net = ViStWeights.Load(run.FinalWeights);
        var (pred, target, _) = ViStTrainer.Predict(net, data, TorchSharp.torch.CPU);
        return Score(run.Directory, data.Dataset, data.Split, pred, target);
    }

    /// <summary>Any retina (a bundle, the LN retina) streamed frame by frame over each test range from a fresh state.</summary>
    public static Evaluation OfRetina(IRetina retina, Dataset dataset, string? split)
    {
        var s = dataset.GetSplit(split);
        if (retina.Cells.Count != dataset.CellCount)
            throw new ArgumentException($"model '{retina.Name}' has {retina.Cells.Count} cells, dataset {dataset.Directory} has {dataset.CellCount}");
        var pred = Enumerable.Range(0, dataset.CellCount).Select(_ => new List<double>()).ToArray();
        var rates = new float[retina.Streams * retina.Cells.Count];
        var frames = new byte[retina.Streams * Dataset.FrameSize * Dataset.FrameSize];
        int pixels = Dataset.FrameSize * Dataset.FrameSize;
        foreach (var r in s.Test)
        {
            retina.Reset();
            for (int t = r.Start; t < r.End; t++)
            {
                for (int k = 0; k < retina.Streams; k++) dataset.Frames.AsSpan(t * pixels, pixels).CopyTo(frames.AsSpan(k * pixels));
                retina.Step(frames, rates);
                for (int c = 0; c < dataset.CellCount; c++) pred[c].Add(rates[c]);
            }
        }
        var target = Enumerable.Range(0, dataset.CellCount)
            .Select(c => s.Test.SelectMany(r => Enumerable.Range(r.Start, r.Count).Select(t => (double)dataset.Rates[t * dataset.CellCount + c])).ToArray())
            .ToArray();
        return Score(retina.Name, dataset, s, pred.Select(p => p.ToArray()).ToArray(), target);
    }

    static Evaluation Score(string model, Dataset dataset, DatasetSplit split, double[][] pred, double[][] target)
    {
        double[][][]? trials = null;
        if (dataset.Trials is { } tr)
        {
            int n = dataset.CellCount, f = dataset.FrameCount, reps = dataset.TrialCount;
            trials = Enumerable.Range(0, n).Select(c => Enumerable.Range(0, reps).Select(k =>
                split.Test.SelectMany(r => Enumerable.Range(r.Start, r.Count).Select(t => (double)tr[((long)k * f + t) * n + c])).ToArray()).ToArray()).ToArray();
        }
        return new Evaluation(model, dataset.Directory, split.Name, pred, target, MetricsReport.Compute(pred, target, trials), dataset.Cells);
    }
}
