using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using ViST.Cli;
using ViST.InSilico.Sweeps;

namespace ViST.Simulator.Commands;

/// <summary>
/// `vist bench sweep`: sweep throughput (conditions/s and stimulus frames/s) at batch 1 and at larger batches,
/// on a drifting-grating orientation × contrast grid, through the same runner, retina and renderer as
/// `vist sweep` (condition files are written to a temporary folder; analyses are not timed).
/// Ends with one JSON line of figures.
/// </summary>
public static class BenchSweepCommand
{
    public static Command Create()
    {
        var model = CliRunner.Optional<string>("--model", "model bundle folder (*.vist); default: the built-in model");
        var conditions = CliRunner.WithDefault("--conditions", "conditions per measurement", 32);
        var batches = CliRunner.WithDefault("--batches", "batch sizes to measure, comma-separated", "1,4,16,32");
        var duration = CliRunner.WithDefault("--duration", "recorded seconds per condition", 1.0);
        var warmup = CliRunner.WithDefault("--warmup", "warm-up seconds per condition", 0.5);
        var cmd = new Command("sweep", "Measure sweep throughput at batch 1 and larger batches (ends with a JSON line).");
        foreach (var o in new Option[] { model, conditions, batches, duration, warmup }) cmd.Options.Add(o);
        cmd.SetAction(pr =>
        {
            var sizes = ParseBatches(pr.GetValue(batches)!);
            int n = pr.GetValue(conditions);
            if (n < 1) throw new UserInputException($"--conditions must be >= 1 (got {n})");
            Run(pr.GetValue(model), n, sizes, pr.GetValue(duration), pr.GetValue(warmup));
            return 0;
        });
        return cmd;
    }

    static int[] ParseBatches(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var sizes = parts.Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int b) && b >= 1 ? b
            : throw new UserInputException($"--batches '{text}': expected whole numbers >= 1 separated by commas")).Distinct().ToArray();
        return sizes.Length > 0 ? sizes : throw new UserInputException("--batches: give at least one batch size");
    }

    /// <summary>An orientation × contrast grid of <paramref name="count"/> conditions.</summary>
    static SweepSpec BenchSweep(int count, double duration, double warmup)
    {
        int contrasts = Math.Max(1, count / 8), orientations = (count + contrasts - 1) / contrasts;
        var sweep = new JsonObject
        {
            ["name"] = "bench",
            ["scene"] = new JsonObject
            {
                ["seed"] = 1, ["background"] = 0.5,
                ["layers"] = new JsonArray(new JsonObject
                {
                    ["type"] = "grating", ["id"] = "g", ["orientation_deg"] = 0, ["cycles_per_px"] = 0.02, ["temporal_hz"] = 2, ["contrast"] = 0.5,
                }),
            },
            ["list"] = new JsonArray(Enumerable.Range(0, count).Select(i => (JsonNode)new JsonObject
            {
                ["g.orientation_deg"] = 360.0 * (i % orientations) / orientations,
                ["g.contrast"] = 1.0 / (1 + i / orientations),
            }).ToArray()),
            ["duration_s"] = duration,
            ["warmup_s"] = warmup,
        };
        return SweepSpec.Parse(sweep, "bench sweep", ".");
    }

    static void Run(string? modelDir, int count, int[] batches, double duration, double warmup)
    {
        var spec = BenchSweep(count, duration, warmup);
        var backend = SweepCommand.OpenBackend(modelDir);
        var table = new Table().AddColumns("batch", "conditions/s", "frames/s", "seconds");
        var figures = new List<(int Batch, double ConditionsPerS, double FramesPerS)>();
        string retinaName = "?";
        foreach (int batch in batches)
        {
            using var retina = backend.OpenRetina(batch);
            retinaName = retina.Name;
            string dir = Path.Combine(Path.GetTempPath(), $"vist-bench-sweep-{Guid.NewGuid():N}");
            try
            {
                var manifest = SweepManifest.For(spec, SweepCommand.Identify(modelDir, retina), retina.Cells, 0, 1);
                var store = SweepStore.Create(dir, spec, manifest, resume: false);
                var clock = Stopwatch.StartNew();
                new SweepRunner(spec, backend.OpenScene, retina).Run(store, Enumerable.Range(0, count).ToList());
                double s = clock.Elapsed.TotalSeconds;
                figures.Add((batch, count / s, (double)count * spec.FramesPerRun / s));
                table.AddRow($"{batch}", $"{count / s:F2}", $"{count * spec.FramesPerRun / s:F0}", $"{s:F2}");
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        AnsiConsole.Write(table);
        var first = figures.FirstOrDefault(f => f.Batch == 1);
        var best = figures.MaxBy(f => f.ConditionsPerS);
        var json = new JsonObject
        {
            ["bench"] = "sweep",
            ["retina"] = retinaName,
            ["conditions"] = count,
            ["frames_per_condition"] = spec.FramesPerRun,
            ["batch1_conditions_per_s"] = first.Batch == 1 ? Math.Round(first.ConditionsPerS, 3) : null,
            ["batch1_frames_per_s"] = first.Batch == 1 ? Math.Round(first.FramesPerS, 1) : null,
            ["best_batch"] = best.Batch,
            ["best_conditions_per_s"] = Math.Round(best.ConditionsPerS, 3),
            ["best_frames_per_s"] = Math.Round(best.FramesPerS, 1),
        };
        Console.WriteLine(json.ToJsonString());
    }
}
