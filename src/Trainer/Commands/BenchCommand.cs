using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using TorchSharp;
using ViST.Cli;
using ViST.Trainer.Loss;
using ViST.Trainer.Torch;
using static TorchSharp.torch;

namespace ViST.Trainer.Commands;

/// <summary>`vist-train bench ...`: speed benchmarks of the trainer's parts, each ending with one JSON line.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var cmd = new Command("bench", "Speed benchmarks; each prints a table and ends with one JSON line of figures.");
        cmd.Subcommands.Add(SoftDtwBench());
        return cmd;
    }

    /// <summary>
    /// Soft-DTW forward + backward at the training shapes: for B sequences of T frames, the Vi-ST loss's
    /// B * len(range(0, T - w, w/2)) window pairs at w = T/20 and at w = T/10 (B = 16, T = 128: 656 pairs of 6 x 90
    /// and 320 pairs of 12 x 90), each as a divergence (three soft-DTWs per pair); and the whole loss.
    /// </summary>
    static Command SoftDtwBench()
    {
        var batch = CliRunner.WithDefault("--batch", "sequences per batch (B)", 16);
        var frames = CliRunner.WithDefault("--frames", "frames per sequence (T)", 128);
        var cells = CliRunner.WithDefault("--cells", "cells (features per frame)", 90);
        var repeats = CliRunner.WithDefault("--repeats", "timed repetitions (after 3 warm-ups)", 30);
        var threads = CliRunner.Optional<int?>("--threads", "libtorch CPU threads (default: libtorch's choice)");
        var cmd = new Command("softdtw", "Soft-DTW divergence forward+backward over the Vi-ST loss windows, and the whole loss.")
        {
            batch, frames, cells, repeats, threads,
        };
        cmd.SetAction(pr =>
        {
            int b = pr.GetValue(batch), t = pr.GetValue(frames), c = pr.GetValue(cells), n = pr.GetValue(repeats);
            if (b < 1 || t < 40 || c < 1 || n < 1)
                throw new UserInputException($"need --batch >= 1, --frames >= 40 (both soft-DTW windows), --cells >= 1, --repeats >= 1");
            TorchRuntime.Start(pr.GetValue(threads));
            torch.manual_seed(0);
            var yhat = torch.rand(b, c, t) * 10;
            var y = torch.rand(b, t, c) * 10;
            var pred = yhat.permute(0, 2, 1);

            var figures = new Dictionary<string, object> { ["batch"] = b, ["frames"] = t, ["cells"] = c, ["repeats"] = n };
            foreach (var (name, w) in new[] { ("short", t / 20), ("long", t / 10) })
            {
                var (xs, ys) = ViSTLoss.WindowPairs(pred, y, w)!.Value;
                xs = xs.contiguous();
                var (wall, min, cpu) = Time(n, () =>
                {
                    var x = xs.detach().requires_grad_();
                    SoftDtw.Divergence(x, ys, ViSTLoss.Gamma).mean().backward();
                });
                figures[$"pairs_{name}"] = xs.shape[0];
                figures[$"window_{name}"] = w;
                figures[$"softdtw_{name}_ms"] = Math.Round(wall, 3);
                figures[$"softdtw_{name}_min_ms"] = Math.Round(min, 3);
                figures[$"softdtw_{name}_cpu_ms"] = Math.Round(cpu, 3);
            }
            var (lossWall, lossMin, lossCpu) = Time(n, () =>
            {
                var x = yhat.detach().requires_grad_();
                ViSTLoss.Compute(x, y).backward();
            });
            figures["loss_ms"] = Math.Round(lossWall, 3);
            figures["loss_min_ms"] = Math.Round(lossMin, 3);
            figures["loss_cpu_ms"] = Math.Round(lossCpu, 3);
            figures["threads"] = torch.get_num_threads();
            figures["parallelism"] = Environment.ProcessorCount;

            Console.WriteLine($"forward + backward, median wall time of {n} (fastest; mean CPU time, all threads):");
            Console.WriteLine($"  soft-DTW divergence, {figures["pairs_short"]} pairs of {figures["window_short"]}x{c}: {figures["softdtw_short_ms"]} ms ({figures["softdtw_short_min_ms"]} ms; {figures["softdtw_short_cpu_ms"]} ms CPU)");
            Console.WriteLine($"  soft-DTW divergence, {figures["pairs_long"]} pairs of {figures["window_long"]}x{c}: {figures["softdtw_long_ms"]} ms ({figures["softdtw_long_min_ms"]} ms; {figures["softdtw_long_cpu_ms"]} ms CPU)");
            Console.WriteLine($"  whole Vi-ST loss [B={b}, cells={c}, T={t}]: {figures["loss_ms"]} ms ({figures["loss_min_ms"]} ms; {figures["loss_cpu_ms"]} ms CPU)");
            Console.WriteLine(JsonSerializer.Serialize(figures));
            return 0;
        });
        return cmd;
    }

    /// <summary>
    /// Median and fastest wall time in ms of <paramref name="body"/> over <paramref name="repeats"/> runs after 3
    /// warm-ups, and the process CPU time per run (all threads): on a shared machine the wall time also counts
    /// waiting for a core, which the fastest run is least affected by.
    /// </summary>
    static (double WallMs, double MinMs, double CpuMs) Time(int repeats, Action body)
    {
        var times = new double[repeats];
        TimeSpan cpu = TimeSpan.Zero;
        for (int i = -3; i < repeats; i++)
        {
            using var scope = NewDisposeScope();
            var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
            long start = Stopwatch.GetTimestamp();
            body();
            if (i < 0) continue;
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            cpu += Process.GetCurrentProcess().TotalProcessorTime - cpuStart;
        }
        Array.Sort(times);
        return (times[repeats / 2], times[0], cpu.TotalMilliseconds / repeats);
    }
}
