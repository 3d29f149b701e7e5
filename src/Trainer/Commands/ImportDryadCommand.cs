using System.CommandLine;
using Spectre.Console;
using ViST.Cli;
using ViST.RetinaModel.Data.Dryad;

namespace ViST.Trainer.Commands;

/// <summary>`vist-train import-dryad DIR --out DATASET`: a Dryad download (doi:10.5061/dryad.4ch10) to a dataset
/// folder. The work is <see cref="DryadImport"/>; this file only parses options and prints the summary.</summary>
public static class ImportDryadCommand
{
    public static Command Create()
    {
        var root = new Argument<string>("dir") { Description = "the Dryad download: holds Stimuli/Movie1, Stimuli/Movie2 and NeuralData/{Spikes,ReceptiveFields}" };
        var output = CliRunner.Required<string>("--out", "dataset folder to write (manifest.json, frames.npy, rates.npy, trials.npy, rf_masks.npy)");
        var recording = CliRunner.WithDefault("--recording", "which retina: 1 (38 cells) or 2 (49 cells)", 1);
        var movie = CliRunner.WithDefault("--movie", "1, 2 or both; with both the default split is cross-movie (train 1, test 2)", "both");
        var frameMs = CliRunner.Optional<double?>("--frame-ms", "frame duration in ms (default: trial length / number of frames of the movie)");
        var trialMs = CliRunner.WithDefault("--trial-ms", "trial length in ms, used when --frame-ms is not given", DryadImport.DefaultTrialMs);
        var rf = CliRunner.Optional<string>("--rf", "RF contour .mat file (default: the one in NeuralData/ReceptiveFields named ...Exp<recording>.mat)");
        var cmd = new Command("import-dryad", "Import a Dryad salamander recording (spikes, movie frames, RF contours) as a dataset folder.")
        {
            root, output, recording, movie, frameMs, trialMs, rf,
        };
        cmd.SetAction(pr =>
        {
            int[] movies = pr.GetValue(movie) switch
            {
                "both" => [1, 2],
                "1" => [1],
                "2" => [2],
                var m => throw new UserInputException($"--movie must be 1, 2 or both, got '{m}'"),
            };
            var options = new DryadImportOptions(pr.GetValue(root)!, pr.GetValue(output)!, pr.GetValue(recording), movies,
                pr.GetValue(frameMs), pr.GetValue(trialMs), pr.GetValue(rf));
            var (dataset, summaries) = DryadImport.Run(options);

            var table = new Table().AddColumns("movie", "spike file", "frames", "frame ms", "split-half r (33 ms)", "dropped spikes");
            foreach (var s in summaries)
                table.AddRow($"{s.Movie}", Path.GetFileName(s.SpikeFile), $"{s.Frames}", $"{s.FrameMs:G5}", $"{s.SplitHalfR:F3}", $"{s.DroppedSpikes}");
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated($"wrote [bold]{dataset.Directory}[/]: {dataset.FrameCount} frames, {dataset.CellCount} cells, {dataset.TrialCount} trials; splits {string.Join(", ", dataset.Manifest.Splits.Keys)} (default {dataset.Manifest.DefaultSplit})");
            return 0;
        });
        return cmd;
    }
}
