using System.Text.Json;
using Spectre.Console;
using ViST.Cli;
using ViST.RetinaModel.Backbones;
using ViST.RetinaModel.Data.Datasets;
using ViST.Trainer.Commands;
using ViST.Trainer.Evaluation;
using ViST.Trainer.Training;

namespace ViST.Trainer.Experiments;

/// <summary>
/// The training runs of one experiment, each in its own folder under the experiment's: a finished run (final
/// weights present) is only evaluated again, an interrupted one resumes from its checkpoint, a missing one starts.
/// A folder that holds a run with other settings is an error rather than silently mixed into the table.
/// Feature caches are read once per backbone and shared between runs.
/// </summary>
public sealed class SubRuns(string outDir, Dataset dataset)
{
    readonly Dictionary<string, TrainingData> _byBackbone = new();
    int _started;

    public string OutDir { get; } = Directory.CreateDirectory(Path.GetFullPath(outDir)).FullName;

    /// <summary>The data for these options' backbone, split and cells; a luminance cache (pixels, pixels4) is
    /// computed when missing (it needs no network and takes seconds).</summary>
    public TrainingData Data(TrainOptions o)
    {
        string key = o.Backbone + "|" + o.Split;
        if (!_byBackbone.TryGetValue(key, out var data))
        {
            if (o.Backbone is BackboneSpec.PixelsPreset or BackboneSpec.Pixels4Preset && !File.Exists(TrainingData.FeatureCachePath(dataset.Directory, o.Backbone)))
                FeaturesCommand.Write(dataset, BackboneSpec.FromPreset(o.Backbone, null));
            _byBackbone[key] = data = new TrainingData(dataset, o.Backbone, o.Split);
        }
        return data.WithCells(o.Cells);
    }

    /// <summary>Trains (or resumes, or skips) the run <paramref name="name"/> and evaluates it on the held-out split.</summary>
    public Evaluation.Evaluation Ensure(string name, TrainOptions o, string title, int index, int count)
    {
        var run = new TrainingRun(Path.Combine(OutDir, name));
        var data = Data(o);
        AnsiConsole.Write(new Rule($"[bold]{index}/{count}[/] {Markup.Escape(title)}").LeftJustified());
        if (File.Exists(run.RunFile)) RequireSameSettings(run, o);
        if (File.Exists(run.FinalWeights)) AnsiConsole.MarkupLine($"[grey]{Markup.Escape(run.Directory)}: finished before, evaluating only[/]");
        else
        {
            bool resume = File.Exists(run.RunFile) && Checkpoint.Exists(run.CheckpointDir);
            new ViStTrainer(data, o, run).Run(resume);
            _started++;
        }
        var eval = Evaluator.OfRun(run, data);
        Directory.CreateDirectory(run.EvalDir);
        File.WriteAllText(Path.Combine(run.EvalDir, "metrics.json"), eval.Report.ToJson(indented: true));
        AnsiConsole.MarkupLine($"held-out mean |r| [bold]{eval.Report.Pearson.MeanAbs:F4}[/], signed {eval.Report.Pearson.Mean:F4}");
        return eval;
    }

    /// <summary>How many runs this session trained (started or resumed).</summary>
    public int Trained => _started;

    static void RequireSameSettings(TrainingRun run, TrainOptions o)
    {
        static string Key(TrainOptions x) => JsonSerializer.Serialize(x with { Device = "auto", Threads = null }, TrainingRun.Json);
        var recorded = run.ReadRunInfo().Options;
        if (Key(recorded) != Key(o))
            throw new UserInputException($"{run.Directory} holds a run with other settings than this experiment asks for; remove that folder or choose another --out");
    }
}
