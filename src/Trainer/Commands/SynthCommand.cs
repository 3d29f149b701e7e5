using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using ViST.Cli;
using ViST.Renderer;
using ViST.Renderer.Scenes;
using ViST.Trainer.Synthesis;

namespace ViST.Trainer.Commands;

/// <summary>
/// `vist-train synth --out DATASET`: the virtual LN retina's responses to a stimulus mix (naturalistic movies, white
/// noise, flashes and chirps, gratings, bars, spots) in segments, plus held-out naturalistic movies to test on.
/// The recipe (every option, the seeds) goes into the dataset manifest and every segment's scene into scenes/.
/// </summary>
public static class SynthCommand
{
    public static Command Create()
    {
        var output = CliRunner.Required<string>("--out", "dataset folder to write");
        var mix = CliRunner.WithDefault("--mix", $"stimulus kinds and their weights ({string.Join(", ", StimulusMix.Kinds)})", StimulusMix.DefaultProportions);
        var minutes = CliRunner.WithDefault("--minutes", "training stimulus length in minutes (30 frames/s)", 15.0);
        var segment = CliRunner.WithDefault("--segment-s", "length of one training segment (one scene) in seconds", 10.0);
        var heldOut = CliRunner.WithDefault("--heldout-movies", "held-out naturalistic movies (the test split)", 2);
        var heldOutSeconds = CliRunner.WithDefault("--heldout-s", "length of each held-out movie in seconds", 60.0);
        var scene = CliRunner.Optional<string>("--scene", "naturalistic base scene (default: scenes/naturalistic.json, dead leaves with saccades)");
        var trials = CliRunner.WithDefault("--trials", "repeated Poisson trials per frame", 30);
        var seed = CliRunner.WithDefault("--seed", "seed of the scenes and of the retina's Poisson noise", 1L);
        var cmd = new Command("synth", "Render a stimulus mix and record the virtual LN retina's responses as a dataset.")
        {
            output, mix, minutes, segment, heldOut, heldOutSeconds, scene, trials, seed,
        };
        cmd.SetAction(pr =>
        {
            string? sceneArg = pr.GetValue(scene);
            string scenePath = sceneArg ?? Path.Combine(AppContext.BaseDirectory, "scenes", "naturalistic.json");
            var baseScene = SceneJson.Load(scenePath);
            if (!baseScene.Layers.Any(l => l.Type == "naturalistic"))
                throw new UserInputException($"{scenePath}: the naturalistic base scene needs a layer of type \"naturalistic\"");
            if (pr.GetValue(trials) < 0) throw new UserInputException($"--trials must be >= 0, got {pr.GetValue(trials)}");
            var recipe = new StimulusMix(StimulusMix.ParseProportions(pr.GetValue(mix)!), pr.GetValue(minutes), pr.GetValue(segment),
                pr.GetValue(heldOut), pr.GetValue(heldOutSeconds), pr.GetValue(seed));
            var segments = SynthDataset.Plan(recipe, baseScene);
            string outDir = pr.GetValue(output)!;
            var recipeJson = new JsonObject
            {
                ["command"] = "vist-train synth",
                ["mix"] = new JsonObject(recipe.Proportions.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Math.Round(kv.Value, 6)))),
                ["minutes"] = recipe.TrainMinutes, ["segment_s"] = recipe.SegmentSeconds,
                ["heldout_movies"] = recipe.HeldOutMovies, ["heldout_s"] = recipe.HeldOutSeconds,
                // by name only: provenance never records this machine's paths
                ["naturalistic_scene"] = sceneArg == null ? "scenes/naturalistic.json (built in)" : Path.GetFileName(scenePath),
                ["trials"] = pr.GetValue(trials), ["seed"] = recipe.Seed,
            };
            int total = segments.Sum(s => s.Frames);
            AnsiConsole.MarkupLine($"[grey]{segments.Count} segments, {total} frames ({total / FrameSpec.FrameRate / 60:F1} min), " +
                $"{Markup.Escape(string.Join(", ", recipe.SegmentCounts().Select(c => $"{c.Kind} {c.Count}")))}, {recipe.HeldOutMovies} held-out movies; " +
                $"frames.npy {total * (double)FrameSpec.Pixels / 1e9:F1} GB[/]");
            var ds = CliProgress.Run("rendering and simulating", total, report =>
                SynthDataset.Write(outDir, segments, pr.GetValue(trials), (ulong)recipe.Seed, "ln-" + Path.GetFileName(Path.GetFullPath(outDir).TrimEnd('/')),
                    recipeJson, report));
            AnsiConsole.MarkupLine($"wrote [bold]{Markup.Escape(outDir)}[/]: {ds.FrameCount} frames, {ds.CellCount} cells, {ds.TrialCount} trials; split {SynthDataset.Split}");
            ds.Dispose();
            return 0;
        });
        return cmd;
    }
}
