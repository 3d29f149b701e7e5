using System.CommandLine;
using Spectre.Console;
using ViST.Cli;
using ViST.Renderer;
using ViST.Renderer.Scenes;
using ViST.RetinaModel.Data.Datasets;
using ViST.RetinaModel.Ln;

namespace ViST.Trainer.Commands;

/// <summary>
/// `vist-train synth --out DATASET`: a synthetic dataset of the virtual LN retina watching rendered movies.
/// Each movie is the scene with another seed (the scene's seed + k), so movies differ but share their statistics;
/// the default split trains on all movies but the last and tests on the last (cross-movie, as the paper).
/// </summary>
public static class SynthCommand
{
    public static Command Create()
    {
        var scene = CliRunner.Optional<string>("--scene", "scene file (default: scenes/naturalistic.json, dead leaves with saccades)");
        var seconds = CliRunner.WithDefault("--seconds", "seconds per movie (30 frames/s)", 60.0);
        var movies = CliRunner.WithDefault("--movies", "movies (the last one is held out)", 3);
        var trials = CliRunner.WithDefault("--trials", "repeated Poisson trials per movie", 30);
        var seed = CliRunner.WithDefault("--seed", "seed of the retina's Poisson noise", 1L);
        var output = CliRunner.Required<string>("--out", "dataset folder to write");
        var cmd = new Command("synth", "Render movies and record the virtual LN retina's responses as a dataset.")
        {
            scene, seconds, movies, trials, seed, output,
        };
        cmd.SetAction(pr =>
        {
            string scenePath = pr.GetValue(scene) ?? Path.Combine(AppContext.BaseDirectory, "scenes", "naturalistic.json");
            var baseScene = SceneJson.Load(scenePath);
            int k = pr.GetValue(movies), perMovie = (int)Math.Round(pr.GetValue(seconds) * FrameSpec.FrameRate);
            if (k < 2) throw new UserInputException("--movies must be at least 2 (one is held out for testing)");
            if (perMovie < 2) throw new UserInputException("--seconds must give at least 2 frames per movie");
            var frames = new byte[(long)k * perMovie * FrameSpec.Pixels];
            var segments = new List<DatasetSegment>();
            using (var renderer = new HeadlessRenderer())
                AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn())
                    .Start(ctx =>
                    {
                        var task = ctx.AddTask("rendering", maxValue: k * perMovie);
                        for (int m = 0; m < k; m++)
                        {
                            var s = baseScene.WithSeed(baseScene.Seed + m);
                            renderer.Prepare(s);
                            const int chunk = 60;
                            for (int i = 0; i < perMovie; i += chunk)
                            {
                                int n = Math.Min(chunk, perMovie - i);
                                renderer.RenderFrames(s, i, n, frames.AsSpan((int)(((long)m * perMovie + i) * FrameSpec.Pixels), n * FrameSpec.Pixels));
                                task.Increment(n);
                            }
                            segments.Add(new DatasetSegment($"movie{m + 1}", m * perMovie, perMovie, 1000 / FrameSpec.FrameRate,
                                $"{Path.GetFileName(scenePath)} seed {s.Seed}"));
                        }
                    });
            var splits = new Dictionary<string, DatasetSplitSpec>
            {
                ["cross-movie"] = new(segments.Take(k - 1).Select(s => new DatasetRange(s.Name)).ToList(), [new DatasetRange(segments[^1].Name)]),
                ["within-movie"] = new(segments.Select(s => new DatasetRange(s.Name, 0, s.Frames * 3 / 4)).ToList(),
                    segments.Select(s => new DatasetRange(s.Name, s.Frames * 3 / 4)).ToList()),
            };
            string outDir = pr.GetValue(output)!;
            AnsiConsole.MarkupLine($"[grey]simulating the LN retina: {k} x {perMovie} frames, {pr.GetValue(trials)} trials[/]");
            var ds = LnSimulation.WriteDataset(outDir, frames, (ulong)pr.GetValue(seed), pr.GetValue(trials), "ln-" + Path.GetFileName(Path.GetFullPath(outDir).TrimEnd('/')),
                $"Scene {Path.GetFullPath(scenePath)}, {k} movies of {perMovie} frames.", segments, splits, "cross-movie");
            AnsiConsole.MarkupLine($"wrote [bold]{outDir}[/]: {ds.FrameCount} frames, {ds.CellCount} cells, {ds.TrialCount} trials; splits {string.Join(", ", splits.Keys)}");
            return 0;
        });
        return cmd;
    }
}
