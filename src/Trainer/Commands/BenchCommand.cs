using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using TorchSharp;
using ViST.Cli;
using ViST.Trainer.Loss;
using ViST.Trainer.Model;
using ViST.Trainer.Training;
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
        cmd.Subcommands.Add(StepBench());
        return cmd;
    }

    /// <summary>
    /// Soft-DTW forward + backward at the training shapes: for B sequences of T frames, the Vi-ST loss's
    /// B * len(range(0, T - w, w/2)) window pairs at w = T/20 and at w = T/10 (B = 16, T = 128: 656 pairs of 6 x 90
    /// and 320 pairs of 12 x 90), each as a divergence (three soft-DTWs per pair); and the whole loss. With --device
    /// cuda the sequences live on the GPU, so the times include moving the windows to the CPU kernel and back.
    /// </summary>
    static Command SoftDtwBench()
    {
        var batch = CliRunner.WithDefault("--batch", "sequences per batch (B)", 16);
        var frames = CliRunner.WithDefault("--frames", "frames per sequence (T)", 128);
        var cells = CliRunner.WithDefault("--cells", "cells (features per frame)", 90);
        var repeats = CliRunner.WithDefault("--repeats", "timed repetitions (after 3 warm-ups)", 30);
        var threads = CliRunner.Optional<int?>("--threads", "libtorch CPU threads (default: libtorch's choice)");
        var device = CliRunner.WithDefault("--device", "where the sequences live: auto, cpu or cuda", "cpu");
        var libtorch = LibTorchOption.Create();
        var cmd = new Command("softdtw", "Soft-DTW divergence forward+backward over the Vi-ST loss windows, and the whole loss.")
        {
            batch, frames, cells, repeats, threads, device, libtorch,
        };
        cmd.SetAction(pr =>
        {
            int b = pr.GetValue(batch), t = pr.GetValue(frames), c = pr.GetValue(cells), n = pr.GetValue(repeats);
            if (b < 1 || t < 40 || c < 1 || n < 1)
                throw new UserInputException($"need --batch >= 1, --frames >= 40 (both soft-DTW windows), --cells >= 1, --repeats >= 1");
            LibTorchOption.Start(pr, libtorch, pr.GetValue(threads));
            var on = TorchRuntime.DeviceFor(pr.GetValue(device)!);
            Console.WriteLine($"runs on: {TorchRuntime.Describe(on)}");
            torch.manual_seed(0);
            var yhat = (torch.rand(b, c, t) * 10).to(on);
            var y = (torch.rand(b, t, c) * 10).to(on);
            var pred = yhat.permute(0, 2, 1);

            var figures = new Dictionary<string, object> { ["batch"] = b, ["frames"] = t, ["cells"] = c, ["repeats"] = n, ["device"] = on.ToString() };
            foreach (var (name, w) in new[] { ("short", t / 20), ("long", t / 10) })
            {
                var (xs, ys) = ViSTLoss.WindowPairs(pred, y, w)!.Value;
                xs = xs.contiguous();
                var (wall, min, cpu) = Time(n, on, () =>
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
            var (lossWall, lossMin, lossCpu) = Time(n, on, () =>
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
    /// One training step (forward in the chosen precision, Vi-ST loss, backward, AdamW) of a Vi-ST network on random
    /// features, at the paper's size by default (batch 16 of 128 frames, DINOv2-L features, 90 cells): what
    /// `vist-train train` spends per step, without the data loading.
    /// </summary>
    static Command StepBench()
    {
        var d = new TrainOptions();
        var batch = CliRunner.WithDefault("--batch", "windows per step", d.BatchSize);
        var window = CliRunner.WithDefault("--window", "frames per window", d.Window);
        var inputDim = CliRunner.WithDefault("--input-dim", "feature width (1024: DINOv2-L; 256: resnet18-l3)", 1024);
        var cells = CliRunner.WithDefault("--cells", "cells", 90);
        var dim = CliRunner.WithDefault("--video-dim", "channels of the video stage", d.VideoDim);
        var layers = CliRunner.WithDefault("--video-layers", "dilated residual blocks", d.VideoLayers);
        var precision = CliRunner.WithDefault("--precision", "fp32, tf32 or bf16 (as `train --precision`)", d.Precision);
        var device = CliRunner.WithDefault("--device", "auto, cpu or cuda", d.Device);
        var repeats = CliRunner.WithDefault("--repeats", "timed steps (after the warm-ups)", 5);
        var warmups = CliRunner.WithDefault("--warmups", "untimed steps first (cuDNN picks its algorithms, memory is reserved)", 2);
        var threads = CliRunner.Optional<int?>("--threads", "libtorch CPU threads (default: libtorch's choice)");
        var libtorch = LibTorchOption.Create();
        var cmd = new Command("step", "One Vi-ST training step (forward, loss, backward, AdamW) on random features, in a given precision.")
        {
            batch, window, inputDim, cells, dim, layers, precision, device, repeats, warmups, threads, libtorch,
        };
        cmd.SetAction(pr =>
        {
            int b = pr.GetValue(batch), t = pr.GetValue(window), n = pr.GetValue(repeats), w = pr.GetValue(warmups);
            string mode = pr.GetValue(precision)!;
            if (!TrainingPrecision.IsValid(mode)) throw new UserInputException($"--precision must be {string.Join(", ", TrainingPrecision.Names)}, got '{mode}'");
            if (b < 1 || t < 2 || n < 1 || w < 0) throw new UserInputException("need --batch >= 1, --window >= 2, --repeats >= 1, --warmups >= 0");
            var config = new ViStConfig(pr.GetValue(layers), pr.GetValue(dim), pr.GetValue(inputDim), pr.GetValue(cells));
            config.Validate();
            LibTorchOption.Start(pr, libtorch, pr.GetValue(threads));
            var on = TorchRuntime.DeviceFor(pr.GetValue(device)!);
            var step = new TrainingStep(mode, "vist", on);
            Console.WriteLine($"runs on: {TorchRuntime.Describe(on)}; {TrainingPrecision.Describe(mode, on)}");
            torch.manual_seed(0);
            using var model = new ViStNetwork(config);
            model.to(on).train();
            using var optimizer = optim.AdamW(model.parameters(), lr: d.Lr, weight_decay: d.WeightDecay);
            var x = torch.randn([b, t, config.Patches, config.InputDim], device: on);
            var masks = torch.rand([b, config.Cells, config.Grids, config.Grids], device: on);
            var y = torch.rand([b, t, config.Cells], device: on) * 10;
            var losses = new List<float>();
            var (wall, min, cpu) = Time(n, on, () => losses.Add(step.Run(model, optimizer, x, masks, y).Loss.item<float>()), w);
            var figures = new Dictionary<string, object>
            {
                ["config"] = config.ToString(), ["batch"] = b, ["window"] = t, ["precision"] = mode, ["device"] = on.ToString(),
                ["repeats"] = n, ["step_ms"] = Math.Round(wall, 1), ["step_min_ms"] = Math.Round(min, 1), ["step_cpu_ms"] = Math.Round(cpu, 1),
                ["first_loss"] = losses[0], ["threads"] = torch.get_num_threads(),
            };
            Console.WriteLine($"{config}, batch {b} x {t} frames: median {figures["step_ms"]} ms/step (fastest {figures["step_min_ms"]} ms; " +
                $"{figures["step_cpu_ms"]} ms CPU) over {n} steps after {w} warm-ups; loss {losses[0]:G5} -> {losses[^1]:G5}");
            Console.WriteLine(JsonSerializer.Serialize(figures));
            return 0;
        });
        return cmd;
    }

    /// <summary>
    /// Median and fastest wall time in ms of <paramref name="body"/> over <paramref name="repeats"/> runs after 3
    /// warm-ups, and the process CPU time per run (all threads): on a shared machine the wall time also counts
    /// waiting for a core, which the fastest run is least affected by. On CUDA each run ends when the GPU is done.
    /// </summary>
    static (double WallMs, double MinMs, double CpuMs) Time(int repeats, Device device, Action body, int warmups = 3)
    {
        var times = new double[repeats];
        TimeSpan cpu = TimeSpan.Zero;
        for (int i = -warmups; i < repeats; i++)
        {
            using var scope = NewDisposeScope();
            var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
            long start = Stopwatch.GetTimestamp();
            body();
            if (device.type == DeviceType.CUDA) torch.cuda.synchronize(device);
            if (i < 0) continue;
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            cpu += Process.GetCurrentProcess().TotalProcessorTime - cpuStart;
        }
        Array.Sort(times);
        return (times[repeats / 2], times[0], cpu.TotalMilliseconds / repeats);
    }
}
