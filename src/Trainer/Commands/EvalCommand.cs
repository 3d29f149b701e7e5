using System.CommandLine;
using Spectre.Console;
using ViST.Cli;
using ViST.RetinaModel;
using ViST.RetinaModel.Data.Datasets;
using ViST.RetinaModel.Metrics;
using ViST.Trainer.Evaluation;
using ViST.Trainer.Model;
using ViST.Trainer.Training;

namespace ViST.Trainer.Commands;

/// <summary>
/// `vist-train eval RUN`: every metric of a trained run on its held-out split, with plots;
/// `vist-train eval --model DIR.vist|ln --dataset DATASET`: any model scored on any dataset's held-out split.
/// Both print one JSON object (the `metrics` command's format).
/// </summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var run = new Argument<string?>("run") { Description = "training run folder", Arity = ArgumentArity.ZeroOrOne };
        var model = CliRunner.Optional<string>("--model", "a model bundle folder (*.vist) or 'ln' (the virtual LN retina)");
        var dataset = CliRunner.Optional<string>("--dataset", "dataset folder to score --model on");
        var split = CliRunner.Optional<string>("--split", "dataset split (default: the manifest's)");
        var output = CliRunner.Optional<string>("--out", "folder for metrics.json and plots (default RUN/eval)");
        var cells = CliRunner.Optional<string>("--cells", "score only these dataset cells: indices like 0,3,5-9 or a file with one per line");
        var libtorch = LibTorchOption.Create();
        var cmd = new Command("eval", "Score a model on a dataset's held-out split: Pearson r, SD-KL, SD-TVD, noise ceiling.")
        {
            run, model, dataset, split, output, cells, libtorch,
        };
        cmd.SetAction(pr =>
        {
            string? runDir = pr.GetValue(run), modelArg = pr.GetValue(model), datasetDir = pr.GetValue(dataset);
            Evaluation.Evaluation result;
            string? outDir = pr.GetValue(output);
            if (runDir != null)
            {
                if (modelArg != null) throw new UserInputException("give either a RUN folder or --model with --dataset, not both");
                LibTorchOption.Start(pr, libtorch);
                var r = new TrainingRun(runDir);
                var info = r.ReadRunInfo();
                var ds = Dataset.Load(datasetDir ?? info.Dataset);
                var data = new TrainingData(ds, info.Options.Backbone, pr.GetValue(split) ?? info.Options.Split, info.Options.Cells);
                result = Evaluator.OfRun(r, data, pr.GetValue(cells) is { } spec ? CellSelection.Parse(spec, ds.CellCount) : null);
                outDir ??= r.EvalDir;
            }
            else
            {
                if (modelArg == null || datasetDir == null) throw new UserInputException("give a RUN folder, or --model and --dataset");
                using var retina = RetinaFactory.Open(modelArg);
                var ds = Dataset.Load(datasetDir);
                result = Evaluator.OfRetina(retina, ds, pr.GetValue(split), pr.GetValue(cells) is { } spec ? CellSelection.Parse(spec, ds.CellCount) : null);
            }
            string json = result.Report.ToJson();
            if (outDir != null)
            {
                Directory.CreateDirectory(outDir);
                File.WriteAllText(Path.Combine(outDir, "metrics.json"), result.Report.ToJson(indented: true));
                EvalPlots.Write(outDir, result);
                AnsiConsole.Console.Profile.Out.Writer.Flush();
                Console.Error.WriteLine($"wrote {Path.Combine(outDir, "metrics.json")} and plots in {outDir}");
            }
            Console.WriteLine(json);
            return 0;
        });
        return cmd;
    }
}
