using System.CommandLine;
using Spectre.Console;
using ViST.Cli;
using ViST.Trainer.Training;

namespace ViST.Trainer.Commands;

/// <summary>`vist-train export RUN --out DIR.vist`: the model bundle `vist` loads, with provenance, held-out metrics
/// and its retina scorecard.</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "finished training run folder" };
        var output = CliRunner.Required<string>("--out", "bundle folder to write (e.g. models/mine.vist)");
        var name = CliRunner.Optional<string>("--name", "model name (default: the folder name)");
        var onnx = CliRunner.Optional<string>("--onnx", "the backbone's ONNX file when it is not an embedded preset");
        var noScorecard = CliRunner.WithDefault("--no-scorecard", "do not score the bundle as a retina (the scorecard needs a model of the LN retina's 90 cells)", false);
        var cardOut = CliRunner.Optional<string>("--scorecard-out", "keep the scorecard's sweeps, scorecard.png and scorecard.json in this folder (default: thrown away; the figures go to the manifest)");
        var libtorch = LibTorchOption.Create();
        var cmd = new Command("export", "Export a trained run as a model bundle (*.vist) for the simulator, with its retina scorecard.")
        {
            run, output, name, onnx, noScorecard, cardOut, libtorch,
        };
        cmd.SetAction(pr =>
        {
            LibTorchOption.Start(pr, libtorch);
            string outDir = pr.GetValue(output)!;
            var (bundle, eval) = BundleExport.Write(new TrainingRun(pr.GetValue(run)!), outDir, pr.GetValue(name), pr.GetValue(onnx));
            AnsiConsole.MarkupLine($"wrote bundle [bold]{Markup.Escape(outDir)}[/]: {bundle.Cells.Count} cells, held-out mean r {eval.Report.Pearson.Mean:F3}");
            if (pr.GetValue(noScorecard)) return 0;
            string? keep = pr.GetValue(cardOut);
            string cardDir = keep ?? Path.Combine(Path.GetTempPath(), $"vist-scorecard-{Environment.ProcessId}");
            try { ScorecardCommand.Print(BundleExport.Score(outDir, ScorecardCommand.DefaultOptions(), cardDir)); }
            finally { if (keep is null && Directory.Exists(cardDir)) Directory.Delete(cardDir, recursive: true); }
            if (keep is not null) AnsiConsole.MarkupLine($"[grey]wrote {Markup.Escape(Path.Combine(keep, "scorecard.png"))} and scorecard.json[/]");
            return 0;
        });
        return cmd;
    }
}
