using ViST.Renderer;
using ViST.Renderer.Scenes;
using ViST.RetinaModel;
using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;
using ViST.Cli;
using ViST.InSilico.Analysis;
using ViST.InSilico.Sweeps;

namespace ViST.Simulator.Commands;

/// <summary>
/// `vist sweep SWEEP.json [--model DIR.vist] [--out DIR] [--shard i/N] [--resume] [--batch N]`: runs a
/// sweep's conditions through the retina in batches, persisting each condition as it finishes, then writes
/// responses.npy, results.csv, plots/ and manifest.json. `vist sweep merge DIR... --out DIR` joins shards.
/// </summary>
public static class SweepCommand
{
    /// <summary>The retina (--model: a bundle, "ln", or null for the default) with N streams, and scene sources that
    /// share one headless GL renderer (a source made without one would open a GL context per condition).</summary>
    internal static Func<string?, SweepBackend> OpenBackend { get; set; } = RealBackend;

    internal static SweepBackend RealBackend(string? model)
    {
        var renderer = new Lazy<HeadlessRenderer>(() => new HeadlessRenderer());
        return new SweepBackend(n => RetinaFactory.Open(model, n),
            scene => new SceneFrameSource(SceneJson.Parse(scene.ToJsonString(), "sweep scene"), renderer.Value));
    }

    public static Command Create()
    {
        var file = new Argument<string>("sweep") { Description = "sweep file (JSON): base scene, parameters to vary, timing, analyses" };
        var model = CliRunner.Optional<string>("--model", "model bundle folder (*.vist); default: the built-in model");
        var outDir = CliRunner.Optional<string>("--out", "output folder (default: SWEEP-results in the current folder, SWEEP the file name)");
        var shard = CliRunner.Optional<string>("--shard", "run only shard i of N (i from 0 to N-1), e.g. 3/16; join shards with `vist sweep merge`");
        var resume = CliRunner.WithDefault("--resume", "continue a run in --out, skipping the conditions it finished", false);
        var batch = CliRunner.WithDefault("--batch", "most stimuli presented at once (retina streams; a sweep with fewer runs opens only as many)", 32);
        var noPlots = CliRunner.WithDefault("--no-plots", "skip plots/*.png", false);

        var cmd = new Command("sweep", "Run a parameter sweep headless through the retina and analyse the responses.");
        cmd.Arguments.Add(file);
        foreach (var o in new Option[] { model, outDir, shard, resume, batch, noPlots }) cmd.Options.Add(o);
        cmd.Subcommands.Add(CreateMerge());
        cmd.SetAction(pr =>
        {
            string path = pr.GetValue(file)!;
            var (index, count) = ParseShard(pr.GetValue(shard));
            int streams = pr.GetValue(batch);
            if (streams < 1) throw new UserInputException($"--batch must be >= 1 (got {streams})");
            string dir = pr.GetValue(outDir) ?? Path.GetFileNameWithoutExtension(path) + "-results";
            Run(path, pr.GetValue(model), dir, index, count, pr.GetValue(resume), streams, !pr.GetValue(noPlots));
            return 0;
        });
        return cmd;
    }

    static Command CreateMerge()
    {
        var dirs = new Argument<string[]>("shards") { Description = "shard output folders", Arity = ArgumentArity.OneOrMore };
        var outDir = CliRunner.Required<string>("--out", "folder for the merged result (must not hold a run)");
        var noPlots = CliRunner.WithDefault("--no-plots", "skip plots/*.png", false);
        var cmd = new Command("merge", "Join the folders of `vist sweep --shard i/N` runs into one result, identical to an unsharded run.");
        cmd.Arguments.Add(dirs);
        cmd.Options.Add(outDir);
        cmd.Options.Add(noPlots);
        cmd.SetAction(pr =>
        {
            string dir = pr.GetValue(outDir)!;
            var store = SweepMerge.Merge(pr.GetValue(dirs)!, dir, _ => OpenBackend(null).OpenScene, !pr.GetValue(noPlots));
            AnsiConsole.MarkupLineInterpolated($"merged {pr.GetValue(dirs)!.Length} shard(s) into [bold]{store.Dir}[/]");
            ReportFiles(dir);
            return 0;
        });
        return cmd;
    }

    /// <summary>The model's identity for the manifest: the bundle's hash (the default bundle when --model is not
    /// given and the default Vi-ST retina was opened), else the retina's built-in name.</summary>
    internal static ModelIdentity Identify(string? modelDir, ViST.RetinaModel.IRetina retina) =>
        modelDir != null || retina is VistRetina ? ModelIdentity.Of(modelDir) : ModelIdentity.BuiltIn(retina.Name);

    /// <summary>The whole run; separate from the parser so tests and the benchmark can call it.</summary>
    internal static void Run(string sweepFile, string? modelDir, string outDir, int shardIndex, int shardCount,
        bool resume, int batch, bool plots, Func<string?, SweepBackend>? openBackend = null)
    {
        var spec = SweepSpec.Load(sweepFile);
        var analyses = AnalysisCatalog.CreateAll(spec);
        var checkedBundle = modelDir != null ? ModelIdentity.Of(modelDir) : null;     // a broken bundle fails before any work
        var backend = (openBackend ?? OpenBackend)(modelDir);
        var conditions = spec.ShardConditions(shardIndex, shardCount);
        // a sweep of 4 runs opens 4 streams, not --batch: every stream is computed at every step
        int streams = Math.Clamp(conditions.Count * spec.Repeats, 1, batch);
        using var retina = OpenRetina(backend, streams, modelDir);
        var identity = checkedBundle ?? Identify(modelDir, retina);

        var runner = new SweepRunner(spec, backend.OpenScene, retina);
        runner.CheckScenes(conditions);

        var manifest = SweepManifest.For(spec, identity, retina.Cells, shardIndex, shardCount);
        var store = SweepStore.Create(outDir, spec, manifest, resume);
        if (modelDir != null && File.Exists(Path.Combine(modelDir, SweepFinalizer.RfMasksFile)))
            File.Copy(Path.Combine(modelDir, SweepFinalizer.RfMasksFile), Path.Combine(outDir, SweepFinalizer.RfMasksFile), overwrite: true);

        var clock = Stopwatch.StartNew();
        int computed = SweepProgressDisplay.Run(spec.Name, conditions.Count, progress => runner.Run(store, conditions, progress));
        double seconds = clock.Elapsed.TotalSeconds;
        long frames = (long)computed * spec.Repeats * spec.FramesPerRun;
        AnsiConsole.MarkupLineInterpolated(
            $"{computed} conditions computed ({conditions.Count - computed} already done) in {seconds:F1} s: {computed / Math.Max(seconds, 1e-9):F2} conditions/s, {frames / Math.Max(seconds, 1e-9):F0} stimulus frames/s on {retina.Name}, {streams} stream(s) at once");

        if (shardCount > 1)
        {
            AnsiConsole.MarkupLineInterpolated($"shard {shardIndex}/{shardCount} done in [bold]{outDir}[/]; when every shard is done: vist sweep merge SHARD_DIRS... --out DIR");
            return;
        }
        SweepFinalizer.Finish(store, spec, analyses, backend.OpenScene, plots);
        ReportFiles(outDir);
    }

    /// <summary>Opens the retina; a bundle that fails to load is reported as bad input naming the folder.</summary>
    static RetinaModel.IRetina OpenRetina(SweepBackend backend, int streams, string? modelDir)
    {
        try
        {
            return backend.OpenRetina(streams);
        }
        catch (Exception e) when (modelDir != null && e is not UserInputException)
        {
            throw new InvalidDataException($"{modelDir}: cannot load the model bundle: {e.Message}", e);
        }
    }

    internal static (int Index, int Count) ParseShard(string? text)
    {
        if (text == null) return (0, 1);
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], out int i) && int.TryParse(parts[1], out int n) && n >= 1 && i >= 0 && i < n)
            return (i, n);
        throw new UserInputException($"--shard '{text}': expected i/N with 0 <= i < N, e.g. 0/4 (Slurm: $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT)");
    }

    static void ReportFiles(string dir)
    {
        var table = new Table().AddColumn("file").AddColumn("size");
        foreach (var f in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}conditions{Path.DirectorySeparatorChar}")).Order(StringComparer.Ordinal))
            table.AddRow(Markup.Escape(Path.GetRelativePath(dir, f)), $"{new FileInfo(f).Length / 1024.0:F1} KiB");
        AnsiConsole.Write(table);
    }
}
