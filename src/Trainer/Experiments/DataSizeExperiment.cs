using ScottPlot;
using ViST.RetinaModel.Data.Datasets;

namespace ViST.Trainer.Experiments;

/// <summary>
/// Does more data or more steps pay? The same network and budget trained on fractions of the dataset's training
/// segments (evenly spaced, so a stimulus mix keeps its proportions), scored on the held-out split; and every
/// run's held-out r after each epoch. DIR/datasize.csv, .md, and datasize.png (r against training frames, and r
/// against optimizer steps, one line per fraction).
/// </summary>
public static class DataSizeExperiment
{
    public static IReadOnlyList<GroupSummary> Run(ExperimentSettings s, IReadOnlyList<double> fractions)
    {
        var dataset = Dataset.Load(s.DatasetDir);
        var runs = new SubRuns(s.OutDir, dataset);
        var metrics = AblationExperiment.Metrics(dataset);
        var results = new List<ExperimentResult>();
        var curves = new List<(string Label, double[] Steps, double[] R)>();
        int trainFrames = dataset.GetSplit(s.Base.Split).Train.Sum(r => r.Count);
        int index = 0, count = fractions.Count * s.Seeds.Length;
        foreach (double f in fractions)
            foreach (int seed in s.Seeds)
            {
                // the whole dataset is the plain run: its folder and settings match the backbone study's
                var o = s.Base with { Seed = seed, TrainFraction = f < 1 ? f : null };
                string name = f < 1 ? $"{o.Backbone}-f{f.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}-s{seed}" : $"{o.Backbone}-s{seed}";
                var eval = runs.Ensure(name, o, $"{f:P0} of the training data, seed {seed}", ++index, count);
                results.Add(new ExperimentResult(Label(f), seed, AblationExperiment.Values(eval.Report)));
                var log = Training.TrainingLog.Read(new Training.TrainingRun(Path.Combine(runs.OutDir, name)).LogFile).Where(r => r.Note == "").ToList();
                curves.Add(($"{Label(f)}, seed {seed}", log.Select(r => (double)(r.Epoch + 1) * s.Base.StepsPerEpoch).ToArray(),
                    log.Select(r => r.ValCorrSigned).ToArray()));
            }
        var rows = ExperimentTable.Summarise(results, metrics);
        string[] info = ["train_frames"];
        IReadOnlyList<string> Info(string label) => [((int)Math.Round(trainFrames * fractions.First(f => Label(f) == label))).ToString()];
        ExperimentTable.WriteCsv(Path.Combine(runs.OutDir, "datasize.csv"), "data", rows, metrics, info, Info);
        ExperimentTable.WriteMarkdown(Path.Combine(runs.OutDir, "datasize.md"), $"Held-out r against training data on {Path.GetFileName(Path.GetFullPath(s.DatasetDir).TrimEnd('/'))}",
            $"The same network ({s.Base.Backbone}, video_dim {s.Base.VideoDim}) trained for {s.Base.Epochs} epochs x {s.Base.StepsPerEpoch} steps of " +
            $"{s.Base.BatchSize} windows of {s.Base.Window} frames on a fraction of the {trainFrames} training frames (evenly spaced segments); " +
            "scored on the held-out split.", "data", rows, metrics, info, Info);
        Plot(Path.Combine(runs.OutDir, "datasize.png"), rows, fractions, trainFrames, curves);
        AblationExperiment.PrintTable(rows, metrics);
        return rows;
    }

    static string Label(double f) => $"{f * 100:0.#}%";

    static void Plot(string path, IReadOnlyList<GroupSummary> rows, IReadOnlyList<double> fractions, int trainFrames,
        List<(string Label, double[] Steps, double[] R)> curves)
    {
        var bySize = new ScottPlot.Plot();
        var xs = fractions.Select(f => f * trainFrames).ToArray();
        var ys = fractions.Select(f => rows.First(r => r.Group == Label(f)).Mean("cc")).ToArray();
        var line = bySize.Add.Scatter(xs, ys);
        line.MarkerSize = 8;
        bySize.XLabel("training frames");
        bySize.YLabel("held-out mean r (end of training)");
        bySize.Title("r against dataset size");

        var bySteps = new ScottPlot.Plot();
        foreach (var (label, steps, r) in curves)
            bySteps.Add.Scatter(steps, r).LegendText = label;
        bySteps.XLabel("optimizer steps");
        bySteps.YLabel("held-out mean r after each epoch");
        bySteps.Title("r against training steps");
        bySteps.ShowLegend(Alignment.LowerRight);
        ViST.InSilico.Analysis.PlotPanels.SideBySide(path, 650, 450, bySize, bySteps);
    }
}
