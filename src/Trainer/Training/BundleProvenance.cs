using System.Text.Json;
using ViST.RetinaModel.Bundles;
using ViST.RetinaModel.Data.Datasets;

namespace ViST.Trainer.Training;

/// <summary>
/// How a bundle was made, for its manifest: the dataset by name (with a synthetic dataset's recipe), the split, the
/// options, and the commands that made it, oldest first: along the chain of `--init` runs, each stage's dataset
/// (synth and features commands) and training command. Portable: no absolute path of this machine is recorded.
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
        foreach (var stage in Stages(info))
        {
            if (stage.Run is { } run)
            {
                var manifest = Path.GetFullPath(run.Dataset) == Path.GetFullPath(dataset.Directory) ? dataset.Manifest : TryLoadManifest(run.Dataset);
                string name = ProgramInfo.Portable(Path.GetFullPath(run.Dataset));
                if (manifest?.Recipe is { } r && SynthCommandOf(r, name) is { } synth) commands.Add(synth);
                commands.Add($"vist-train features {name} --backbone {run.Options.Backbone}");
            }
            commands.Add(stage.Commands);
        }
        commands.Add(ProgramInfo.PortableCommandLine());
        p["commands"] = string.Join("\n", commands.Distinct());
        return p;
    }

    /// <summary>The options with the --init source reduced to its name.</summary>
    static TrainOptions Portable(TrainOptions o) => o with { InitWeights = o.InitWeights is { } w ? ProgramInfo.Portable(w) : null };

    /// <summary>One stage of the `--init` chain: a training run (with its dataset) or the bundle it started from.</summary>
    sealed record Stage(RunInfo? Run, string Commands);

    /// <summary>This run and the runs or bundle it was initialised from, oldest first. A stage that was started from
    /// a checkpoint of an unfinished run (`--init RUN/checkpoint/model.safetensors`) lists that run's command with
    /// the epochs it had finished.</summary>
    static List<Stage> Stages(RunInfo info)
    {
        var chain = new List<Stage>();
        string? stoppedAfter = null;
        for (RunInfo? current = info; current != null;)
        {
            string command = current.Command ?? $"(a training run of {current.Started}; its command was not recorded)";
            chain.Add(new Stage(current, stoppedAfter == null ? command : $"{command}  # the next stage started from its checkpoint after {stoppedAfter}"));
            string? init = current.Options.InitWeights;
            current = null;
            stoppedAfter = null;
            if (init == null) break;
            string folder = File.Exists(init) ? Path.GetDirectoryName(Path.GetFullPath(init))! : init;
            if (CheckpointOfRun(folder) is { } run)
            {
                current = run.ReadRunInfo();
                stoppedAfter = Checkpoint.Progress(folder, current.Options.Epochs);
            }
            else if (File.Exists(Path.Combine(folder, "run.json"))) current = new TrainingRun(folder).ReadRunInfo();
            else if (File.Exists(Path.Combine(folder, ModelBundle.ManifestFile))
                     && ModelBundle.Load(folder).Manifest.Provenance.TryGetValue("commands", out var earlier))
                chain.Add(new Stage(null, earlier));
        }
        chain.Reverse();
        return chain;
    }

    /// <summary>The run whose checkpoint folder <paramref name="folder"/> is, or null.</summary>
    static TrainingRun? CheckpointOfRun(string folder)
    {
        var run = new TrainingRun(Path.GetDirectoryName(Path.GetFullPath(folder))!);
        return Path.GetFullPath(folder) == run.CheckpointDir && File.Exists(run.RunFile) ? run : null;
    }

    /// <summary>An earlier stage's dataset manifest, or null where that dataset is no longer on this machine.</summary>
    static DatasetManifest? TryLoadManifest(string dir)
    {
        try { return Dataset.LoadManifest(dir); }
        catch (Exception e) when (e is IOException or InvalidDataException) { return null; }
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
