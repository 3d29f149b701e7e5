using ViST.InSilico.Scorecard;
using ViST.RetinaModel.Backbones;
using ViST.RetinaModel.Bundles;
using ViST.Trainer.Training;
using ViST.RetinaModel.Data.Datasets;

namespace ViST.Trainer.Experiments;

/// <summary>
/// Which features the head should read: the same network, seeds and budget on each backbone's feature cache,
/// scored on the held-out split and, with <c>scorecard</c>, as a retina (each run exported to DIR/NAME.vist and put
/// through the scorecard: flash polarity and type, spatial frequency, STA, unseen movie, ms/frame). DIR/backbones.csv,
/// .md, .png. Caches that need no network (pixels) are computed when missing; the others come from `vist-train features`.
/// </summary>
public static class BackboneExperiment
{
    static readonly string[] CardMetrics = ["movie_r", "flash_polarity", "flash_type", "sf_within", "sta_centre", "ms_per_frame"];

    public static IReadOnlyList<GroupSummary> Run(ExperimentSettings s, IReadOnlyList<string> backbones, ScorecardOptions? scorecard)
    {
        foreach (var b in backbones) BackboneSpec.FromPreset(b, null);            // an unknown name fails before any training
        var dataset = Dataset.Load(s.DatasetDir);
        var runs = new SubRuns(s.OutDir, dataset);
        var metrics = AblationExperiment.Metrics(dataset).Concat(scorecard is null ? [] : CardMetrics).ToList();
        var results = new List<ExperimentResult>();
        int index = 0, count = backbones.Count * s.Seeds.Length;
        foreach (var b in backbones)
            foreach (int seed in s.Seeds)
            {
                string name = $"{b}-s{seed}";
                var eval = runs.Ensure(name, s.Base with { Backbone = b, Seed = seed }, $"backbone {b}, seed {seed}", ++index, count);
                var values = AblationExperiment.Values(eval.Report);
                if (scorecard is not null) Score(Path.Combine(runs.OutDir, name), scorecard, values);
                results.Add(new ExperimentResult(b, seed, values));
            }
        var rows = ExperimentTable.Summarise(results, metrics);
        string[] infoColumns = ["features_per_patch"];
        IReadOnlyList<string> Info(string name) => [BackboneSpec.FromPreset(name, null).Dim.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        ExperimentTable.WriteCsv(Path.Combine(runs.OutDir, "backbones.csv"), "backbone", rows, metrics, infoColumns, Info);
        ExperimentTable.WriteMarkdown(Path.Combine(runs.OutDir, "backbones.md"), $"Vi-ST backbones on {Path.GetFileName(Path.GetFullPath(s.DatasetDir).TrimEnd('/'))}",
            $"Each backbone's features through the same network, trained for {s.Base.Epochs} epochs x {s.Base.StepsPerEpoch} steps of " +
            $"{s.Base.BatchSize} windows of {s.Base.Window} frames (video_dim {s.Base.VideoDim}), seeds {string.Join(",", s.Seeds)}; " +
            "scored on the dataset's held-out split. cc_abs = mean |r|, cc = signed mean r, sd_kl = spike-density KL (lower is better), " +
            "feve = fraction of explainable variance explained." + (scorecard is null ? "" :
            $" Scorecard (seeds movie {scorecard.MovieSeed} and the next {scorecard.Movies - 1}, noise {scorecard.NoiseSeed}): movie_r = mean r on {scorecard.Movies} unseen movies, flash_polarity / " +
            "flash_type / sf_within / sta_centre = cells of 90 right, ms_per_frame = backbone + head for one stream."),
            "backbone", rows, metrics, infoColumns, Info);
        ExperimentPlots.AblationBars(Path.Combine(runs.OutDir, "backbones.png"), rows, "cc", "held-out mean r (mean ± SD over seeds)",
            $"Vi-ST by backbone, {s.Seeds.Length} seed(s), {s.Base.Epochs} epochs x {s.Base.StepsPerEpoch} steps");
        AblationExperiment.PrintTable(rows, metrics);
        return rows;
    }

    /// <summary>Exports a run to RUN.vist and scores it (once: the scorecard stored in the bundle's manifest is
    /// reused by a rerun), and adds the scorecard's figures to <paramref name="values"/>.</summary>
    static void Score(string runDir, ScorecardOptions options, Dictionary<string, double> values)
    {
        string bundle = runDir + ".vist";
        if (!File.Exists(Path.Combine(bundle, ModelBundle.ManifestFile))) BundleExport.Write(new TrainingRun(runDir), bundle);
        if (ModelBundle.Load(bundle).Manifest.Scorecard is null) BundleExport.Score(bundle, options, runDir + ".scorecard");
        var card = ModelBundle.Load(bundle).Manifest.Scorecard!;
        double Get(string section, string key) => card[section]?[key]?.GetValue<double>() ?? double.NaN;
        values["movie_r"] = Get("movie", "mean_r");
        values["flash_polarity"] = Get("flash", "polarity_correct");
        values["flash_type"] = Get("flash", "type_correct");
        values["sf_within"] = Get("spatial_frequency", "within_1_5x");
        values["sta_centre"] = Get("sta", "center_within_patch");
        values["ms_per_frame"] = Get("speed", "ms_per_frame");
    }
}
