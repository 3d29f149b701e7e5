using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using ViST.Cli;
using ViST.RetinaModel;
using ViST.Simulator.Loop;
using ViST.Simulator.Soak;

namespace ViST.Simulator.Commands;

/// <summary>
/// `vist bench soak --minutes N [--model M] [--scene S]`: a live run paced at 30 Hz for N minutes (no window, no
/// sinks but the monitor, so what it measures is the loop itself: renderer, backbone, head), reporting every
/// interval (a minute by default) the resident memory, the managed heap, garbage collections per generation, and
/// late and dropped frames; then a table, a PNG plot and one JSON line. What leaks or slows down only over time
/// shows here, not in the short benchmarks.
/// </summary>
public static class BenchSoakCommand
{
    public static Command Create() => Create(RuntimeFactories.Real);

    public static Command Create(RuntimeFactories factories)
    {
        var minutes = CliRunner.WithDefault("--minutes", "how long to run, paced at 30 Hz", 10.0);
        var model = CliRunner.Optional<string?>("--model", "model bundle folder (*.vist) or ln; default: the embedded model");
        var scene = CliRunner.Optional<string?>("--scene", "scene file (default: scenes/naturalistic.json beside the program)");
        var interval = CliRunner.WithDefault("--interval-s", "seconds per reported interval", 60.0);
        var plot = CliRunner.WithDefault("--plot", "where to write the PNG plot", "soak.png");
        var cmd = new Command("soak", "A long paced 30 Hz run: memory, GC collections, late and dropped frames over time (table, PNG, JSON line).");
        foreach (var o in new Option[] { minutes, model, scene, interval, plot }) cmd.Options.Add(o);
        cmd.SetAction(pr => Run(pr.GetValue(minutes), pr.GetValue(model), pr.GetValue(scene), pr.GetValue(interval), pr.GetValue(plot)!, factories));
        return cmd;
    }

    static int Run(double minutes, string? modelDir, string? scenePath, double intervalSeconds, string plotPath, RuntimeFactories factories)
    {
        if (minutes <= 0) throw new UserInputException($"--minutes must be positive (got {minutes})");
        if (intervalSeconds <= 0) throw new UserInputException($"--interval-s must be positive (got {intervalSeconds})");
        scenePath ??= Path.Combine(AppContext.BaseDirectory, "scenes", "naturalistic.json");
        string stimulus = StimulusArguments.ToJson(scenePath, null, factories.ReadScene);

        using var retina = factories.OpenRetina(modelDir);
        var monitor = new SoakMonitor(TimeSpan.FromSeconds(intervalSeconds), TimeSpan.FromMinutes(minutes));
        monitor.Closed += i => Console.WriteLine(
            $"{SoakReport.Clock(i.EndSeconds),6}: {i.Frames} frames, {i.Late} late, {i.Dropped} dropped, RSS {i.RssMb:F0} MB, managed {i.ManagedMb:F0} MB, GC {i.Gen0}/{i.Gen1}/{i.Gen2}");
        var info = new RunInfo(retina.Name, ModelIdentity.Of(modelDir).Hash, retina.Cells, stimulus, Paced: true);
        var loop = new SimulationLoop(() => factories.CreateStimulus(stimulus), retina, info, new LoopOptions { Paced = true }, [monitor]);
        monitor.DurationReached += loop.Stop;
        AnsiConsole.MarkupLineInterpolated($"soak: {retina.Name} on {Path.GetFileName(scenePath)}, {minutes:0.##} min paced at 30 Hz, a line every {intervalSeconds:0.##} s");

        using (new StopOnSignals(loop.Stop)) loop.Run();

        var report = new SoakReport(monitor.Intervals, monitor.StartRssMb);
        var table = new Table().Border(TableBorder.Rounded).AddColumns("until (m:ss)", "frames", "late", "dropped", "p99 ms", "RSS MB", "managed MB", "GC gen0/1/2");
        foreach (var i in monitor.Intervals)
            table.AddRow(SoakReport.Clock(i.EndSeconds), $"{i.Frames}", $"{i.Late}", $"{i.Dropped}", $"{i.LatencyP99Ms:F1}", $"{i.RssMb:F0}", $"{i.ManagedMb:F0}", $"{i.Gen0}/{i.Gen1}/{i.Gen2}");
        AnsiConsole.Write(table);
        string growth = report.RssGrowthMbPerMinute is { } g ? $", {g:+0.00;-0.00} MB/min after the first interval" : "";
        Console.WriteLine($"{report.Frames} frames in {monitor.Intervals.LastOrDefault()?.EndSeconds ?? 0:F0} s: {report.Late} late, {report.Dropped} dropped; RSS " +
            $"{monitor.StartRssMb:F0} MB at the start, {monitor.Intervals.LastOrDefault()?.RssMb ?? monitor.StartRssMb:F0} MB at the end{growth}");
        report.Plot(plotPath, $"vist bench soak: {retina.Name}, {Path.GetFileName(scenePath)}, paced at 30 Hz");
        AnsiConsole.MarkupLineInterpolated($"plot: {plotPath}");
        Console.WriteLine(report.Json(retina.Name, Path.GetFileName(scenePath), plotPath).ToJsonString());
        return 0;
    }
}
