using ViST.RetinaModel.Backbones;
using ViST.RetinaModel.Data.Datasets;

namespace ViST.Trainer.Experiments;

/// <summary>
/// Which features the head should read: the same network, seeds and budget on each backbone's feature cache,
/// scored on the held-out split (DIR/backbones.csv, .md, .png). Caches that need no network (pixels) are computed
/// when missing; the others come from `vist-train features`.
/// </summary>
public static class BackboneExperiment
{
    public static IReadOnlyList<GroupSummary> Run(ExperimentSettings s, IReadOnlyList<string> backbones)
    {
        foreach (var b in backbones) BackboneSpec.FromPreset(b, null);            // an unknown name fails before any training
        var dataset = Dataset.Load(s.DatasetDir);
        var runs = new SubRuns(s.OutDir, dataset);
        var metrics = AblationExperiment.Metrics(dataset);
        var results = new List<ExperimentResult>();
        int index = 0, count = backbones.Count * s.Seeds.Length;
        foreach (var b in backbones)
            foreach (int seed in s.Seeds)
            {
                var eval = runs.Ensure($"{b}-s{seed}", s.Base with { Backbone = b, Seed = seed }, $"backbone {b}, seed {seed}", ++index, count);
                results.Add(new ExperimentResult(b, seed, AblationExperiment.Values(eval.Report)));
            }
        var rows = ExperimentTable.Summarise(results, metrics);
        string[] infoColumns = ["features_per_patch"];
        IReadOnlyList<string> Info(string name) => [BackboneSpec.FromPreset(name, null).Dim.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        ExperimentTable.WriteCsv(Path.Combine(runs.OutDir, "backbones.csv"), "backbone", rows, metrics, infoColumns, Info);
        ExperimentTable.WriteMarkdown(Path.Combine(runs.OutDir, "backbones.md"), $"Vi-ST backbones on {Path.GetFileName(Path.GetFullPath(s.DatasetDir).TrimEnd('/'))}",
            $"Each backbone's features through the same network, trained for {s.Base.Epochs} epochs x {s.Base.StepsPerEpoch} steps of " +
            $"{s.Base.BatchSize} windows of {s.Base.Window} frames (video_dim {s.Base.VideoDim}), seeds {string.Join(",", s.Seeds)}; " +
            "scored on the dataset's held-out split. cc_abs = mean |r|, cc = signed mean r, sd_kl = spike-density KL (lower is better), " +
            "feve = fraction of explainable variance explained.", "backbone", rows, metrics, infoColumns, Info);
        ExperimentPlots.AblationBars(Path.Combine(runs.OutDir, "backbones.png"), rows, "cc", "held-out mean r (mean ± SD over seeds)",
            $"Vi-ST by backbone, {s.Seeds.Length} seed(s), {s.Base.Epochs} epochs x {s.Base.StepsPerEpoch} steps");
        AblationExperiment.PrintTable(rows, metrics);
        return rows;
    }
}
