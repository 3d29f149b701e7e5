using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using ViST.Cli;
using ViST.RetinaModel.Runtime;

namespace ViST.Simulator.Commands;

/// <summary>`vist bench ...`: speed benchmarks. Each subcommand prints what it measured and ends with one JSON line
/// of figures (what CI and the reports read). Add a benchmark by adding its Create to <see cref="Subcommands"/>.</summary>
public static class BenchCommand
{
    static readonly Func<Command>[] Subcommands =
    [
        BenchRenderCommand.Create,
        BenchHeadCommand.Create,
        BenchBackboneCommand.Create,
        BenchSweepCommand.Create,
        BenchSoakCommand.Create,
    ];

    public static Command Create()
    {
        var cmd = new Command("bench", "Speed benchmarks; each ends with one JSON line of figures.");
        foreach (var create in Subcommands) cmd.Subcommands.Add(create());
        return cmd;
    }

    /// <summary>--threads: ONNX Runtime intra-op threads (0: its default, all cores).</summary>
    internal static Option<int> ThreadsOption() => CliRunner.WithDefault("--threads", "ONNX Runtime threads per session (0: all cores)", 0);

    /// <summary>--spin: whether ONNX Runtime's threads sleep between operators (as everywhere in vist) or spin-wait (ONNX Runtime's default).</summary>
    internal static Option<string> SpinOption()
    {
        var o = CliRunner.WithDefault("--spin", "off: ONNX Runtime's threads sleep between operators, as in every vist command; on: they spin-wait (its own default, fastest when the model runs alone)", "off");
        o.AcceptOnlyFromAmong("on", "off");
        return o;
    }

    /// <summary>The ONNX Runtime threading that --threads and --spin ask for.</summary>
    internal static OrtThreading Threading(int threads, string spin) =>
        threads >= 0 ? new OrtThreading(threads, Spin: spin == "on") : throw new UserInputException($"--threads must be >= 0 (got {threads})");

    /// <summary>--device: auto (CUDA when built with -p:ViSTGpu=true and usable), cpu or cuda.</summary>
    internal static Option<string> DeviceOption() => CliRunner.WithDefault("--device", "auto, cpu or cuda", "auto");

    internal static Device ParseDevice(string s) => s.ToLowerInvariant() switch
    {
        "auto" => Device.Auto, "cpu" => Device.Cpu, "cuda" or "gpu" => Device.Cuda,
        _ => throw new UserInputException($"--device must be auto, cpu or cuda, got '{s}'"),
    };

    /// <summary>Runs <paramref name="action"/> <paramref name="warmup"/> times untimed, then <paramref name="runs"/> times;
    /// returns the median wall time in ms (robust to a shared, noisy machine) and the minimum (closest to an idle machine).</summary>
    internal static (double Median, double Min) Time(Action action, int warmup, int runs)
    {
        for (int i = 0; i < warmup; i++) action();
        var ms = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            action();
            ms[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }
        Array.Sort(ms);
        double median = runs % 2 == 1 ? ms[runs / 2] : 0.5 * (ms[runs / 2 - 1] + ms[runs / 2]);
        return (median, ms[0]);
    }

    internal static double Round(double v, int digits = 3) => Math.Round(v, digits);

    internal static void PrintJson(IReadOnlyDictionary<string, object> figures) => Console.WriteLine(JsonSerializer.Serialize(figures));
}
