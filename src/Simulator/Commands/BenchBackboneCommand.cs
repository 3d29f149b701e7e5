using System.CommandLine;
using Spectre.Console;
using ViST.Cli;
using ViST.RetinaModel.Backbones;
using ViST.RetinaModel.Runtime;

namespace ViST.Simulator.Commands;

/// <summary>`vist bench backbone`: ms per frame of each backbone at batch 1 (a live run) and batch 16 (a sweep).</summary>
public static class BenchBackboneCommand
{
    public static Command Create()
    {
        var onnx = CliRunner.Optional<string>("--onnx", "a DINOv2 ONNX export to time as well (tools/export_dinov2_onnx.py)");
        var runs = CliRunner.WithDefault("--runs", "timed batch-1 runs (batch 16 uses a quarter, at least 2)", 20);
        var threads = BenchCommand.ThreadsOption();
        var spin = BenchCommand.SpinOption();
        var device = BenchCommand.DeviceOption();
        var precision = CliRunner.WithDefault("--precision", "fp32, or fp16: a float16 copy of each network (for GPUs; error in docs/benchmarks/backbone-fp16.md)", "fp32");
        precision.AcceptOnlyFromAmong("fp32", "fp16");
        var cmd = new Command("backbone", "Backbone ms/frame at batch 1 and 16: resnet18-l3, and a DINOv2 ONNX with --onnx.");
        foreach (var o in new Option[] { onnx, runs, threads, spin, device, precision }) cmd.Options.Add(o);
        cmd.SetAction(pr => Run(pr.GetValue(onnx), pr.GetValue(runs), BenchCommand.Threading(pr.GetValue(threads), pr.GetValue(spin)!), BenchCommand.ParseDevice(pr.GetValue(device)!),
            pr.GetValue(precision) == "fp16" ? BackbonePrecision.Fp16 : BackbonePrecision.Fp32));
        return cmd;
    }

    /// <summary>The embedded presets, and the combination the default model uses.</summary>
    static readonly string[] BenchedPresets = [.. BackboneSpec.EmbeddedPresets, BackboneSpec.ResNetL2Preset + BackboneSpec.Separator + BackboneSpec.Pixels4Preset];

    static int Run(string? dinoOnnx, int runs, OrtThreading threading, Device device, BackbonePrecision precision)
    {
        if (runs < 2) throw new UserInputException("--runs must be at least 2");
        OrtSessions.Threading = threading;
        var specs = BenchedPresets.Select(p => (Key: p.Replace('-', '_').Replace('+', '_'), Spec: BackboneSpec.FromPreset(p, null))).ToList();
        if (dinoOnnx != null) specs.Add(("dinov2", BackboneSpec.Dinov2(Path.GetFullPath(dinoOnnx))));
        var figures = new Dictionary<string, object>();

        // Open every backbone first, so a bad --onnx fails at once rather than after the ResNet timings.
        var backbones = new List<(string Key, IBackbone Backbone)>();
        try
        {
            foreach (var (key, spec) in specs) backbones.Add((key, Backbone.Open(spec, device: device, precision: precision)));
            var frames = new byte[16 * FrameContract.Pixels];
            new Random(1).NextBytes(frames);
            var table = new Table().AddColumns("backbone", "provider", "features", "batch 1 ms/frame", "batch 16 ms/frame", "batch 1 min ms");
            foreach (var (key, bb) in backbones)
            {
                var f1 = new float[bb.Grid * bb.Grid * bb.Dim];
                var f16 = new float[16 * f1.Length];
                var (b1, b1Min) = BenchCommand.Time(() => bb.Extract(frames, 1, f1), warmup: 3, runs: runs);
                var (b16, _) = BenchCommand.Time(() => bb.Extract(frames, 16, f16), warmup: 1, runs: Math.Max(2, runs / 4));
                table.AddRow(key, bb.Provider, $"{bb.Grid}x{bb.Grid}x{bb.Dim}", $"{b1:F2}", $"{b16 / 16:F2}", $"{b1Min:F2}");
                figures[$"{key}_b1_ms"] = BenchCommand.Round(b1);
                figures[$"{key}_b16_ms"] = BenchCommand.Round(b16 / 16);
            }
            AnsiConsole.Write(table);
        }
        finally
        {
            foreach (var (_, bb) in backbones) bb.Dispose();
        }
        AnsiConsole.MarkupLine("(median wall time, preprocessing included; budget for the default's backbone: <= 15 ms/frame on 2 CPU cores with the head)");
        BenchCommand.PrintJson(figures);
        return 0;
    }
}
