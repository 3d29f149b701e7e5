using System.CommandLine;
using Spectre.Console;
using ViST.Cli;
using ViST.RetinaModel.Bundles;
using ViST.RetinaModel.Head;
using ViST.RetinaModel.Runtime;

namespace ViST.Simulator.Commands;

/// <summary>`vist bench head`: per-frame cost of the streaming head step vs recomputing a 128- and a 192-frame window
/// with the full-window head (what a non-streaming live run would have to do for every new frame).</summary>
public static class BenchHeadCommand
{
    public static Command Create()
    {
        var bundle = CliRunner.Optional<string>("--bundle", "model bundle folder (default: the paper's head on resnet18-l3 features, random weights)");
        var steps = CliRunner.WithDefault("--steps", "streaming steps to time", 300);
        var repeats = CliRunner.WithDefault("--repeats", "full-window runs to time per window length", 5);
        var streams = CliRunner.WithDefault("--streams", "independent streams stepped as one batch (a sweep); the windows stay one stream", 1);
        var threads = BenchCommand.ThreadsOption();
        var spin = BenchCommand.SpinOption();
        var device = BenchCommand.DeviceOption();
        var cmd = new Command("head", "Streaming head step vs full-window recompute (128 and 192 frames), one stream.");
        foreach (var o in new Option[] { bundle, steps, repeats, streams, threads, spin, device }) cmd.Options.Add(o);
        cmd.SetAction(pr => Run(pr.GetValue(bundle), pr.GetValue(steps), pr.GetValue(repeats), pr.GetValue(streams), BenchCommand.Threading(pr.GetValue(threads), pr.GetValue(spin)!), BenchCommand.ParseDevice(pr.GetValue(device)!)));
        return cmd;
    }

    static int Run(string? bundleDir, int steps, int repeats, int streams, OrtThreading threading, Device device)
    {
        if (steps < 10 || repeats < 1 || streams < 1) throw new UserInputException("--steps must be >= 10, --repeats and --streams >= 1");
        OrtSessions.Threading = threading;
        HeadConfig cfg; byte[] stepModel, fullModel; float[] rf; string source;
        if (bundleDir != null)
        {
            var b = ModelBundle.Load(bundleDir);
            (cfg, stepModel, fullModel, rf, source) = (b.Head, b.StepOnnx, b.HeadOnnx, b.RfMasks, bundleDir);
        }
        else
        {
            cfg = HeadConfig.Paper(inputDim: 256);
            var w = HeadWeights.Random(cfg, seed: 1);
            stepModel = Google.Protobuf.MessageExtensions.ToByteArray(HeadGraphs.Step(cfg, w));
            fullModel = Google.Protobuf.MessageExtensions.ToByteArray(HeadGraphs.FullWindow(cfg, w));
            var rng = new Random(2);
            rf = new float[cfg.Cells * cfg.Patches];
            for (int i = 0; i < rf.Length; i++) rf[i] = rng.NextDouble() < 0.05 ? 1f : 0f;
            source = "paper config, random weights";
        }
        AnsiConsole.MarkupLineInterpolated($"[bold]head[/] {source}: {cfg}");

        var noise = new Random(3);
        using var step = new StreamingHead(stepModel, cfg, streams, rf, "head_step", device);
        for (int i = 0; i < step.Features.Length; i++) step.Features[i] = (float)noise.NextDouble();
        var (stepMs, stepMin) = BenchCommand.Time(step.Step, warmup: 20, runs: steps);

        using var full = new FullWindowHead(fullModel, cfg, "head", device);
        var results = new Dictionary<int, (double Median, double Min)>();
        foreach (int t in new[] { 128, 192 })
        {
            var x = new float[t * cfg.Patches * cfg.InputDim];
            for (int i = 0; i < x.Length; i++) x[i] = (float)noise.NextDouble();
            results[t] = BenchCommand.Time(() => full.Run(x, 1, t, rf), warmup: 1, runs: repeats);
        }

        var table = new Table().AddColumns("what", "median ms", "min ms");
        table.AddRow($"streaming step ({step.Provider}, {streams} stream(s), {steps} steps)", $"{stepMs:F3}", $"{stepMin:F3}");
        foreach (var (t, r) in results) table.AddRow($"recompute {t}-frame window ({full.Provider}, {repeats} runs)", $"{r.Median:F1}", $"{r.Min:F1}");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"speed-up of streaming over recomputing 128 frames: [bold]{results[128].Median / stepMs:F1}x[/] (budget >= 20x; step budget <= 5 ms on 2 CPU cores)");
        if (streams > 1)
            AnsiConsole.MarkupLineInterpolated($"{streams} streams in one step: {stepMs / streams:F3} ms per stream and frame (the speed-up above counts the whole batch step)");

        BenchCommand.PrintJson(new Dictionary<string, object>
        {
            ["step_ms"] = BenchCommand.Round(stepMs),
            ["window128_ms"] = BenchCommand.Round(results[128].Median),
            ["window192_ms"] = BenchCommand.Round(results[192].Median),
            ["speedup_window128"] = BenchCommand.Round(results[128].Median / stepMs, 1),
            ["streams"] = streams,
        });
        return 0;
    }
}
