using System.Text.Json;
using ViST.RetinaModel.Bundles;

namespace ViST.Trainer.Training;

/// <summary>
/// How a bundle was made, for its manifest: the dataset by name (with a synthetic dataset's recipe), the split, the
/// options, and the commands that made it, oldest first (the dataset's synth and features commands, then each
/// training stage along the chain of `--init` runs). Portable: no absolute path of this machine is recorded.
/// </summary>
public static class BundleProvenance
{
    public static Dictionary<string, string> Of(RunInfo info, TrainingData data, int epochsRun)
    {
        var dataset = data.Dataset;
        string datasetName = ProgramInfo.Portable(Path.GetFullPath(dataset.Directory));
        var p = new Dictionary<string, string>
        {
            ["dataset"] = datasetName,
            ["dataset_name"] = dataset.Manifest.Name,
            ["dataset_source"] = dataset.Manifest.Source,
            ["split"] = data.Split.Name,
            ["train_frames"] = data.Split.Train.Sum(x => x.Count).ToString(),
            ["test_ranges"] = string.Join(";", data.Split.Test.Select(x => $"{x.Segment}[{x.Start},{x.End})")),
            ["options"] = JsonSerializer.Serialize(Portable(info.Options), TrainingRun.Json).ReplaceLineEndings(" "),
            ["epochs_run"] = epochsRun.ToString(),
            ["program"] = info.Program,
            ["started"] = info.Started,
            ["exported"] = DateTime.UtcNow.ToString("O"),
        };
        if (dataset.Manifest.Recipe is { } recipe) p["dataset_recipe"] = recipe.ToJsonString();
        var commands = new List<string>();
        if (dataset.Manifest.Recipe is { } r && SynthCommandOf(r, datasetName) is { } synth) commands.Add(synth);
        commands.Add($"vist-train features {datasetName} --backbone {info.Options.Backbone}");
        commands.AddRange(TrainingCommands(info));
        commands.Add(ProgramInfo.PortableCommandLine());
        p["commands"] = string.Join("\n", commands.Distinct());
        return p;
    }

    /// <summary>The options with the --init source reduced to its name.</summary>
    static TrainOptions Portable(TrainOptions o) => o with { InitWeights = o.InitWeights is { } w ? ProgramInfo.Portable(w) : null };

    /// <summary>This run's command, preceded by those of the runs or bundle it was initialised from.</summary>
    static IEnumerable<string> TrainingCommands(RunInfo info)
    {
        var chain = new List<string>();
        for (RunInfo? current = info; current != null;)
        {
            chain.Add(current.Command ?? $"(a training run of {current.Started}; its command was not recorded)");
            string? init = current.Options.InitWeights;
            current = null;
            if (init == null) break;
            string folder = File.Exists(init) ? Path.GetDirectoryName(Path.GetFullPath(init))! : init;
            if (File.Exists(Path.Combine(folder, "run.json"))) current = new TrainingRun(folder).ReadRunInfo();
            else if (File.Exists(Path.Combine(folder, ModelBundle.ManifestFile))
                     && ModelBundle.Load(folder).Manifest.Provenance.TryGetValue("commands", out var earlier))
                chain.Add(earlier);
        }
        chain.Reverse();
        return chain;
    }

    /// <summary>The synth command a recipe was made by (null for a recipe of another generator).</summary>
    static string? SynthCommandOf(System.Text.Json.Nodes.JsonObject recipe, string datasetName)
    {
        if (recipe["command"]?.GetValue<string>() != "vist-train synth") return null;
        var mix = recipe["mix"]?.AsObject().Select(kv => $"{kv.Key}={kv.Value}") ?? [];
        return $"vist-train synth --out {datasetName} --mix {string.Join(",", mix)} --minutes {recipe["minutes"]} --segment-s {recipe["segment_s"]} " +
               $"--heldout-movies {recipe["heldout_movies"]} --heldout-s {recipe["heldout_s"]} --trials {recipe["trials"]} --seed {recipe["seed"]}";
    }
}
