using System.CommandLine;
using System.Text.Json.Nodes;
using ViST.Cli;
using ViST.Simulator.Commands;
using ViST.InSilico.Sweeps;
using ViST.Tests;

namespace ViST.Simulator.Tests;

/// <summary>The sweep command end to end on the fakes. One class, so its tests run one after another: they
/// set the command's backend seam (<see cref="SweepCommand.OpenBackend"/>).</summary>
[Collection(SweepConsoleCollection.Name)]
public class SweepRunTests
{
    static readonly FakeCell[] Cells =
    [
        new(0, 150, 170, 20, +1, false),
        new(1, 220, 200, 30, -1, true),
    ];

    readonly List<TunedFakeRetina> _opened = [];

    public SweepRunTests()
    {
        SweepCommand.OpenBackend = _ => new SweepBackend(streams =>
        {
            var r = new TunedFakeRetina(Cells, streams) { FailAfterSteps = FailAfter };
            _opened.Add(r);
            return r;
        }, scene => new FakeSceneSource(scene));
    }

    long FailAfter { get; set; } = long.MaxValue;

    /// <summary>16 conditions of 0.4 s after 0.1 s of warm-up (15 frames each), with three analyses.</summary>
    static string WriteSweep(string dir)
    {
        string path = Path.Combine(dir, "orientation.json");
        File.WriteAllText(path, """
            { "name": "orientation",
              "scene": { "seed": 1, "background": 0.5,
                         "layers": [ { "type": "grating", "id": "g", "orientation_deg": 0, "cycles_per_px": 0.02, "temporal_hz": 4, "contrast": 0.5 } ] },
              "grid": { "g.orientation_deg": [0, 45, 90, 135], "g.contrast": [0.1, 0.25, 0.5, 1] },
              "duration_s": 0.4, "warmup_s": 0.1,
              "analyses": [ { "type": "orientation", "parameter": "g.orientation_deg", "measure": "f1" },
                            { "type": "direction", "parameter": "g.orientation_deg" },
                            { "type": "contrast", "name": "contrast_peak", "parameter": "g.contrast", "measure": "peak" } ] }
            """);
        return path;
    }

    static byte[] Bytes(string dir, string file) => File.ReadAllBytes(Path.Combine(dir, file));

    [Fact]
    public void Sharded_and_merged_output_equals_the_unsharded_run_byte_for_byte()
    {
        string root = TestPaths.TempDir(), sweep = WriteSweep(root);
        string whole = Path.Combine(root, "whole");
        SweepCommand.Run(sweep, null, whole, 0, 1, resume: false, batch: 3, plots: true);

        var shards = Enumerable.Range(0, 3).Select(i => Path.Combine(root, $"shard{i}")).ToArray();
        for (int i = 0; i < 3; i++) SweepCommand.Run(sweep, null, shards[i], i, 3, resume: false, batch: 2, plots: false);
        Assert.False(File.Exists(Path.Combine(shards[0], ResultsCsv.FileName)));   // a shard alone is not a result
        string merged = Path.Combine(root, "merged");
        Assert.Equal(0, Invoke("sweep", "merge", shards[2], shards[0], shards[1], "--out", merged, "--no-plots"));

        Assert.Equal(Bytes(whole, ResultsCsv.FileName), Bytes(merged, ResultsCsv.FileName));
        Assert.Equal(Bytes(whole, SweepFinalizer.ResponsesFile), Bytes(merged, SweepFinalizer.ResponsesFile));

        var csv = File.ReadAllLines(Path.Combine(whole, ResultsCsv.FileName));
        Assert.Equal("analysis,condition,g.orientation_deg,g.contrast,cell,cell_type,measure,value", csv[0]);
        Assert.Contains("response,5,45,0.25,1,OFF-transient,mean_rate,", string.Join("\n", csv));
        Assert.Equal(1 + 16 * 2 * 2 + 2 * 2 + 2 * 2 + 2 * 6, csv.Length);
        Assert.All(csv.Skip(1), l => Assert.Equal(8, l.Split(',').Length));
        var responses = ViST.RetinaModel.IO.Npy.Read(Path.Combine(whole, SweepFinalizer.ResponsesFile));
        Assert.Equal(new long[] { 16, 1, 12, 2 }, responses.Shape);
        foreach (var plot in new[] { "orientation", "direction", "contrast_peak" })
            Assert.True(new FileInfo(Path.Combine(whole, "plots", plot + ".png")).Length > 1000, plot);
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(whole, SweepManifest.FileName)))!;
        Assert.Equal("builtin:fake", manifest["model_hash"]!.GetValue<string>());
        Assert.Equal(4, manifest["sweep"]!["grid"]!["g.contrast"]!.AsArray().Count);
    }

    [Fact]
    public void The_contrast_response_of_a_fake_cell_rises_with_contrast()
    {
        string root = TestPaths.TempDir(), sweep = WriteSweep(root), dir = Path.Combine(root, "out");
        SweepCommand.Run(sweep, null, dir, 0, 1, resume: false, batch: 8, plots: false);
        double Rate(int condition, int cell) => double.Parse(File.ReadLines(Path.Combine(dir, ResultsCsv.FileName)).Select(l => l.Split(','))
            .Single(r => r[0] == "response" && r[1] == $"{condition}" && r[4] == $"{cell}" && r[6] == "peak_rate")[7],
            System.Globalization.CultureInfo.InvariantCulture);
        // Conditions 0..3 are contrasts 0.1, 0.25, 0.5, 1 at 0 deg: the ON cell's peak rate must grow with each.
        var rates = Enumerable.Range(0, 4).Select(c => Rate(c, 0)).ToArray();
        Assert.True(rates.Zip(rates.Skip(1)).All(p => p.Second > p.First), string.Join(" ", rates));
    }

    [Fact]
    public void A_sweep_opens_no_more_streams_than_it_has_runs_and_steps_only_those()
    {
        string root = TestPaths.TempDir(), sweep = WriteSweep(root);
        SweepCommand.Run(sweep, null, Path.Combine(root, "wide"), 0, 1, resume: false, batch: 32, plots: false);
        Assert.Equal(16, _opened[^1].MaxStreams);                   // 16 runs, not --batch 32
        Assert.Equal(16 * 15, _opened[^1].StreamSteps);
        SweepCommand.Run(sweep, null, Path.Combine(root, "narrow"), 0, 1, resume: false, batch: 6, plots: false);
        Assert.Equal(6, _opened[^1].MaxStreams);
        Assert.Equal(16 * 15, _opened[^1].StreamSteps);              // 6 + 6 + 4: the last batch pays for its 4 runs only
        Assert.Equal(Bytes(Path.Combine(root, "wide"), SweepFinalizer.ResponsesFile), Bytes(Path.Combine(root, "narrow"), SweepFinalizer.ResponsesFile));
    }

    [Fact]
    public void An_interrupted_sweep_resumes_without_recomputing_finished_conditions()
    {
        string root = TestPaths.TempDir(), sweep = WriteSweep(root), dir = Path.Combine(root, "out");
        // 16 conditions in batches of 2: 8 batches of 15 steps. Crash in the fourth batch.
        FailAfter = 50;
        Assert.Throws<IOException>(() => SweepCommand.Run(sweep, null, dir, 0, 1, resume: false, batch: 2, plots: false));
        Assert.Equal(6, Directory.GetFiles(Path.Combine(dir, "conditions"), "*.npy").Length);
        Assert.Empty(Directory.GetFiles(Path.Combine(dir, "conditions"), "*.tmp"));

        FailAfter = long.MaxValue;
        var e = Assert.Throws<InvalidDataException>(() => SweepCommand.Run(sweep, null, dir, 0, 1, resume: false, batch: 2, plots: false));
        Assert.Contains("--resume", e.Message);
        SweepCommand.Run(sweep, null, dir, 0, 1, resume: true, batch: 2, plots: false);
        Assert.Equal(5 * 15, _opened[^1].Steps);                 // only the 10 missing conditions were stepped

        string fresh = Path.Combine(root, "fresh");
        SweepCommand.Run(sweep, null, fresh, 0, 1, resume: false, batch: 2, plots: false);
        Assert.Equal(8 * 15, _opened[^1].Steps);
        Assert.Equal(Bytes(fresh, ResultsCsv.FileName), Bytes(dir, ResultsCsv.FileName));
    }

    [Fact]
    public void Resume_refuses_a_folder_of_another_sweep_and_merge_refuses_incomplete_shards()
    {
        string root = TestPaths.TempDir(), sweep = WriteSweep(root), dir = Path.Combine(root, "out");
        SweepCommand.Run(sweep, null, dir, 1, 2, resume: false, batch: 4, plots: false);
        var merge = Assert.Throws<InvalidDataException>(() => SweepMerge.Merge([dir], Path.Combine(root, "m"), _ => null, plots: false));
        Assert.Contains("condition 0 is in none of the shard folders", merge.Message);

        File.WriteAllText(sweep, File.ReadAllText(sweep).Replace("0.25, 0.5, 1", "0.3, 0.5, 1"));
        var e = Assert.Throws<InvalidDataException>(() => SweepCommand.Run(sweep, null, dir, 1, 2, resume: true, batch: 4, plots: false));
        Assert.Contains("different sweep", e.Message);
    }

    [Fact]
    public void Bad_input_gives_exit_code_2_and_a_message_naming_the_problem()
    {
        string root = TestPaths.TempDir(), sweep = WriteSweep(root);
        Assert.Equal(CliRunner.BadInput, Invoke("sweep", Path.Combine(root, "missing.json")));
        Assert.Equal(CliRunner.BadInput, Invoke("sweep", sweep, "--shard", "3/3"));

        File.WriteAllText(Path.Combine(root, "typo.json"), File.ReadAllText(sweep).Replace("\"g.contrast\": [0.1", "\"g.contrst\": [0.1"));
        Assert.Equal(CliRunner.BadInput, Invoke("sweep", Path.Combine(root, "typo.json"), "--out", Path.Combine(root, "t")));
        File.WriteAllText(Path.Combine(root, "empty.json"), File.ReadAllText(sweep).Replace("[0.1, 0.25, 0.5, 1]", "[]"));
        Assert.Equal(CliRunner.BadInput, Invoke("sweep", Path.Combine(root, "empty.json"), "--out", Path.Combine(root, "e")));
    }

    [Fact]
    public void A_value_the_renderer_refuses_stops_the_sweep_before_it_runs_naming_the_condition()
    {
        string root = TestPaths.TempDir(), sweep = WriteSweep(root);
        File.WriteAllText(sweep, File.ReadAllText(sweep).Replace("[0.1, 0.25, 0.5, 1]", "[0.1, 0.25, 0.5, 2]"));
        SweepCommand.OpenBackend = _ => new SweepBackend(streams => new TunedFakeRetina(Cells, streams), scene =>
            scene["layers"]![0]!["contrast"]!.GetValue<double>() <= 1 ? new FakeSceneSource(scene)
                : throw new ArgumentException("contrast: 2 is out of range [0, 1]"));
        var e = Assert.Throws<InvalidDataException>(() => SweepCommand.Run(sweep, null, Path.Combine(root, "o"), 0, 1, false, 2, false));
        Assert.Contains("condition 3 (g.orientation_deg = 0, g.contrast = 2): contrast: 2 is out of range [0, 1]", e.Message);
        Assert.False(Directory.Exists(Path.Combine(root, "o")));   // nothing written: a fixed sweep starts afresh
    }

    [Fact]
    public void A_model_bundle_that_cannot_load_is_reported_with_its_folder()
    {
        string root = TestPaths.TempDir(), sweep = WriteSweep(root);
        string Run(string model) => Assert.ThrowsAny<Exception>(() =>
            SweepCommand.Run(sweep, model, Path.Combine(root, "o" + Guid.NewGuid().ToString("N")), 0, 1, false, 2, false)).Message;

        Assert.Contains("model bundle folder not found", Run(Path.Combine(root, "nope.vist")));
        string empty = Directory.CreateDirectory(Path.Combine(root, "empty.vist")).FullName;
        Assert.Contains("not a model bundle (no manifest.json)", Run(empty));
        File.WriteAllText(Path.Combine(empty, "manifest.json"), "{ not json");
        Assert.Contains("manifest.json: not valid JSON", Run(empty));

        File.WriteAllText(Path.Combine(empty, "manifest.json"), "{}");
        SweepCommand.OpenBackend = _ => new SweepBackend(_ => throw new InvalidOperationException("head.onnx: output 'rates' missing"), s => new FakeSceneSource(s));
        var message = Run(empty);
        Assert.Contains(empty, message);
        Assert.Contains("cannot load the model bundle: head.onnx: output 'rates' missing", message);
        Assert.Equal(CliRunner.BadInput, Invoke("sweep", sweep, "--model", empty, "--out", Path.Combine(root, "x")));
    }

    [Fact]
    public void Bench_sweep_ends_with_a_json_line_of_figures()
    {
        var root = new RootCommand();
        var bench = new Command("bench");
        bench.Subcommands.Add(BenchSweepCommand.Create());
        root.Subcommands.Add(bench);
        var saved = Console.Out;
        var captured = new StringWriter();
        Console.SetOut(captured);
        int code;
        try { code = CliRunner.Run(root, ["bench", "sweep", "--conditions", "4", "--batches", "1,2", "--duration", "0.2", "--warmup", "0.1"]); }
        finally { Console.SetOut(saved); }
        Assert.Equal(0, code);
        var json = JsonNode.Parse(captured.ToString().Trim().Split('\n')[^1])!;
        Assert.Equal("fake", json["retina"]!.GetValue<string>());
        Assert.Equal(9, json["frames_per_condition"]!.GetValue<int>());
        Assert.True(json["batch1_conditions_per_s"]!.GetValue<double>() > 0);
        Assert.Contains(json["best_batch"]!.GetValue<int>(), new[] { 1, 2 });
        Assert.Equal([1, 2], _opened.Select(r => r.Streams));
    }

    static int Invoke(params string[] args)
    {
        var root = new RootCommand();
        root.Subcommands.Add(SweepCommand.Create());
        return CliRunner.Run(root, args);
    }
}
