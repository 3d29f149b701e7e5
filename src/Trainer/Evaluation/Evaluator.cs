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
    /// <summary>The trained network of a run (model.safetensors), run whole over each test range, on the run's cells;
    /// with <paramref name="only"/> (dataset cell indices, all among the run's) scored on those alone.</summary>
    public static Evaluation OfRun(TrainingRun run, TrainingData data, IReadOnlyList<int>? only = null)
    {
        TorchRuntime.Start();
        if (!File.Exists(run.FinalWeights)) throw new FileNotFoundException($"{run.FinalWeights}: the run has not finished (no final weights); resume it first", run.FinalWeights);
        using var net = ViStWeights.Load(run.FinalWeights);
        if (net.Config.Cells != data.Cells)
            throw new InvalidDataException($"{run.FinalWeights}: the network has {net.Config.Cells} cells, the run's cell selection {data.Cells}");
        var (pred, target, _) = HeldOutPrediction.Predict(net, data, TorchSharp.torch.CPU);
        var rows = Rows(data.CellIndices, only, $"run {run.Directory}");
        return Score(run.Directory, data.Dataset, data.Split, Pick(pred, rows), Pick(target, rows), data.TestTrials() is { } tr ? Pick(tr, rows) : null,
            rows.Select(i => data.CellInfos[i]).ToList());
    }

    /// <summary>Positions in <paramref name="modelled"/> of the cells <paramref name="only"/> asks for (all without it).</summary>
    static int[] Rows(int[] modelled, IReadOnlyList<int>? only, string what)
    {
        if (only is null) return Enumerable.Range(0, modelled.Length).ToArray();
        return only.Select(c => Array.IndexOf(modelled, c) is var i and >= 0 ? i
            : throw new ArgumentException($"--cells: cell {c} is not modelled by {what} (it has {Training.CellSelection.Format(modelled)})")).ToArray();
    }

    static T[] Pick<T>(T[] rows, int[] which) => which.Select(i => rows[i]).ToArray();

    /// <summary>Any retina (a bundle, the LN retina) streamed frame by frame over each test range from a fresh state;
    /// with <paramref name="only"/> scored on those dataset cells alone.</summary>
    public static Evaluation OfRetina(IRetina retina, Dataset dataset, string? split, IReadOnlyList<int>? only = null)
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
                for (int k = 0; k < retina.Streams; k++) dataset.Frames.Frame(t).CopyTo(frames.AsSpan(k * pixels));
                retina.Step(frames, rates);
                for (int c = 0; c < dataset.CellCount; c++) pred[c].Add(rates[c]);
            }
        }
        var target = Enumerable.Range(0, dataset.CellCount)
            .Select(c => s.Test.SelectMany(r => Enumerable.Range(r.Start, r.Count).Select(t => (double)dataset.Rates[t * dataset.CellCount + c])).ToArray())
            .ToArray();
        var rows = Rows(Enumerable.Range(0, dataset.CellCount).ToArray(), only, $"model '{retina.Name}'");
        return Score(retina.Name, dataset, s, Pick(pred.Select(p => p.ToArray()).ToArray(), rows), Pick(target, rows),
            TrainingData.TestTrials(dataset, s, rows), rows.Select(i => dataset.Cells[i]).ToList());
    }

    static Evaluation Score(string model, Dataset dataset, DatasetSplit split, double[][] pred, double[][] target,
        double[][][]? trials, IReadOnlyList<CellInfo> cells) =>
        new(model, dataset.Directory, split.Name, pred, target, MetricsReport.Compute(pred, target, trials), cells);
}
