using Spectre.Console;
using ViST.RetinaModel.Data.Datasets;
using ViST.RetinaModel.Metrics;

namespace ViST.Trainer.Experiments;

/// <summary>The settings every experiment shares: where, the training budget, the seeds.</summary>
public sealed record ExperimentSettings(string DatasetDir, string OutDir, Training.TrainOptions Base, int[] Seeds);

/// <summary>
/// The paper's ablation (vist-upstream.md 4.2): each variant trained with the same seeds and budget, scored on the
/// held-out split; DIR/ablation.csv, ablation.md and ablation.png.
/// </summary>
public static class AblationExperiment
{
    public static IReadOnlyList<GroupSummary> Run(ExperimentSettings s, IReadOnlyList<AblationVariant> variants)
    {
        var dataset = Dataset.Load(s.DatasetDir);
        var runs = new SubRuns(s.OutDir, dataset);
        var metrics = Metrics(dataset);
        var results = new List<ExperimentResult>();
        int index = 0, count = variants.Count * s.Seeds.Length;
        foreach (var v in variants)
            foreach (int seed in s.Seeds)
            {
                var eval = runs.Ensure($"{v.Name}-s{seed}", v.Apply(s.Base with { Seed = seed }), $"{v.Name} ({v.PaperLabel}), seed {seed}", ++index, count);
                results.Add(new ExperimentResult(v.Name, seed, Values(eval.Report)));
            }
        var rows = ExperimentTable.Summarise(results, metrics);
        string[] infoColumns = ["paper_label", "paper_cc"];
        IReadOnlyList<string> Info(string name)
        {
            var v = variants.First(x => x.Name == name);
            return [v.PaperLabel, v.PaperCc.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)];
        }
        ExperimentTable.WriteCsv(Path.Combine(runs.OutDir, "ablation.csv"), "variant", rows, metrics, infoColumns, Info);
        ExperimentTable.WriteMarkdown(Path.Combine(runs.OutDir, "ablation.md"), $"Vi-ST ablation on {Path.GetFileName(Path.GetFullPath(s.DatasetDir).TrimEnd('/'))}",
            Caption(s), "variant", rows, metrics, infoColumns, Info);
        ExperimentPlots.AblationBars(Path.Combine(runs.OutDir, "ablation.png"), rows, "cc_abs", "held-out mean |r| (mean ± SD over seeds)",
            $"Vi-ST ablation, {s.Seeds.Length} seed(s), {s.Base.Epochs} epochs x {s.Base.StepsPerEpoch} steps");
        PrintTable(rows, metrics);
        return rows;
    }

    /// <summary>The metrics of a table: cc_abs (upstream's val_corr, mean |r|), cc (signed mean r), sd_kl, and feve
    /// when the dataset has repeated trials.</summary>
    public static IReadOnlyList<string> Metrics(Dataset dataset) =>
        dataset.Trials is null ? ["cc_abs", "cc", "sd_kl"] : ["cc_abs", "cc", "sd_kl", "feve"];

    public static Dictionary<string, double> Values(MetricsReport r) => new()
    {
        ["cc_abs"] = r.Pearson.MeanAbs, ["cc"] = r.Pearson.Mean, ["sd_kl"] = r.SdKl.Mean,
        ["feve"] = r.NoiseCeiling?.Feve.Mean ?? double.NaN,
    };

    static string Caption(ExperimentSettings s) =>
        $"Held-out split of the dataset's default split unless --split; each variant trained for {s.Base.Epochs} epochs x " +
        $"{s.Base.StepsPerEpoch} steps of {s.Base.BatchSize} windows of {s.Base.Window} frames, backbone {s.Base.Backbone}, " +
        $"seeds {string.Join(",", s.Seeds)}. cc_abs = mean |r| over cells (upstream's val_corr), cc = signed mean r, " +
        "sd_kl = spike-density KL divergence (lower is better), feve = fraction of explainable variance explained. " +
        "Values are mean ± standard deviation over seeds. paper_cc: the paper's figure (DINOv2 features, its own budget).";

    internal static void PrintTable(IReadOnlyList<GroupSummary> rows, IReadOnlyList<string> metrics)
    {
        var t = new Table();
        t.AddColumn("");
        foreach (var m in metrics) t.AddColumn(m);
        foreach (var r in rows)
            t.AddRow(new[] { Markup.Escape(r.Group) }.Concat(metrics.Select(m =>
                double.IsFinite(r.Sd(m)) ? $"{r.Mean(m):F3} ± {r.Sd(m):F3}" : $"{r.Mean(m):F3}")).ToArray());
        AnsiConsole.Write(t);
    }
}
