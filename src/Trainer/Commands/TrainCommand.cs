using System.CommandLine;
using Spectre.Console;
using ViST.Cli;
using ViST.RetinaModel.Data.Datasets;
using ViST.Trainer.Training;

namespace ViST.Trainer.Commands;

/// <summary>`vist-train train DATASET --out RUN`: fits Vi-ST with the authors' recipe; every setting overridable.</summary>
public static class TrainCommand
{
    /// <summary>Exit code of a run stopped by SIGINT, SIGTERM or SIGHUP after checkpointing: EX_TEMPFAIL (sysexits.h),
    /// "try again later", which `--resume` does; not 0, so `train && export` does not export an unfinished run.</summary>
    public const int StoppedBySignal = 75;

    public static Command Create()
    {
        var d = new TrainOptions();
        var dataset = new Argument<string?>("dataset") { Description = "dataset folder (with its feature cache); not needed with --resume", Arity = ArgumentArity.ZeroOrOne };
        var output = CliRunner.Required<string>("--out", "run folder (log.csv, checkpoint/, model.safetensors)");
        var resume = CliRunner.Optional<bool>("--resume", "continue the run in --out from its last checkpoint");
        var backbone = CliRunner.WithDefault("--backbone", "feature cache to train on", d.Backbone);
        var split = CliRunner.Optional<string>("--split", "dataset split (default: the manifest's default_split)");
        var epochs = CliRunner.WithDefault("--epochs", "epochs", d.Epochs);
        var steps = CliRunner.WithDefault("--steps-per-epoch", "optimizer steps per epoch (limit_train_batches)", d.StepsPerEpoch);
        var batchSize = CliRunner.WithDefault("--batch", "windows per step", d.BatchSize);
        var window = CliRunner.WithDefault("--window", "frames per training window", d.Window);
        var lr = CliRunner.WithDefault("--lr", "peak learning rate (AdamW)", d.Lr);
        var wd = CliRunner.WithDefault("--weight-decay", "AdamW weight decay", d.WeightDecay);
        var warmupLr = CliRunner.WithDefault("--warmup-lr", "learning rate of epoch 0", d.WarmupLr);
        var warmup = CliRunner.WithDefault("--warmup-epochs", "linear warm-up epochs", d.WarmupEpochs);
        var minLr = CliRunner.WithDefault("--min-lr", "cosine floor (eta_min)", d.MinLr);
        var swaStart = CliRunner.WithDefault("--swa-start", "1-based epoch where SWA starts (0: no SWA)", d.SwaStart);
        var swaLr = CliRunner.WithDefault("--swa-lr", "SWA learning rate", d.SwaLr);
        var swaAnneal = CliRunner.WithDefault("--swa-anneal", "SWA cosine annealing epochs", d.SwaAnnealEpochs);
        var layers = CliRunner.WithDefault("--video-layers", "dilated residual blocks", d.VideoLayers);
        var dim = CliRunner.WithDefault("--video-dim", "channels of the video stage", d.VideoDim);
        var seed = CliRunner.WithDefault("--seed", "seed of initialisation, windows and dropout", d.Seed);
        var device = CliRunner.WithDefault("--device", "auto, cpu or cuda", d.Device);
        var threads = CliRunner.Optional<int?>("--threads", "CPU threads for libtorch");
        var stopAfter = CliRunner.Optional<int?>("--stop-after-epoch", "stop after this 0-based epoch (checkpointed; continue with --resume)");
        var cells = CliRunner.Optional<string>("--cells", "model only these cells: indices like 0,3,5-9 or a file with one per line");
        var condition = CliRunner.WithDefault("--condition", "ablation: AdaLN condition rf-masks (paper), video (stage-1 output averaged over channels) or none (no AdaLN)", d.Condition);
        var noExtractor = CliRunner.Optional<bool>("--no-video-extractor", "ablation: no video extractor (conv_out straight from the features)");
        var noMultiscale = CliRunner.Optional<bool>("--no-multiscale-kernels", "ablation: window 1 only in every multiscale block");
        var nonCausal = CliRunner.WithDefault("--non-causal", "ablation: symmetric temporal padding in none, video (dilated 3D-CNN), multiscale or all", "none");
        var initFrom = CliRunner.Optional<string>("--init", "start from these weights (fine-tune): a .safetensors, a run folder or a .vist bundle");
        var fraction = CliRunner.Optional<double?>("--train-fraction", "train on this fraction of the training segments, evenly spaced (learning curve against data)");
        var loss = CliRunner.WithDefault("--loss", "training objective: vist (the authors' loss), rmse (RMSE alone) or vist-balanced (the authors' loss " +
            "with each cell's prediction and target divided by its rate's spread over the training data, so sparse cells count alike)", d.Loss);
        var precision = CliRunner.WithDefault("--precision", "forward-pass arithmetic: fp32, tf32 (CUDA TF32 tensor cores; on the CPU as fp32) " +
            "or bf16 (autocast to bfloat16, as upstream; float32 weights and loss)", d.Precision);
        var libtorch = LibTorchOption.Create();
        var cmd = new Command("train", "Train Vi-ST on a dataset (the authors' recipe by default).")
        {
            dataset, output, resume, backbone, split, epochs, steps, batchSize, window, lr, wd, warmupLr, warmup, minLr,
            swaStart, swaLr, swaAnneal, layers, dim, seed, device, threads, stopAfter, cells, condition, noExtractor, noMultiscale,
            nonCausal, loss, initFrom, fraction, precision, libtorch,
        };
        cmd.SetAction(pr =>
        {
            var run = new TrainingRun(pr.GetValue(output)!);
            bool isResume = pr.GetValue(resume);
            TrainOptions o;
            string? datasetDir = pr.GetValue(dataset);
            if (isResume && File.Exists(run.RunFile))
            {
                var info = run.ReadRunInfo();                       // a resumed run keeps its recorded settings
                o = info.Options;
                datasetDir = info.Dataset;
            }
            else
            {
                string causality = pr.GetValue(nonCausal)!;
                if (causality is not ("none" or "video" or "multiscale" or "all"))
                    throw new UserInputException($"--non-causal must be none, video, multiscale or all, got '{causality}'");
                o = new TrainOptions
                {
                    Backbone = pr.GetValue(backbone)!, Split = pr.GetValue(split), Epochs = pr.GetValue(epochs),
                    StepsPerEpoch = pr.GetValue(steps), BatchSize = pr.GetValue(batchSize), Window = pr.GetValue(window),
                    Lr = pr.GetValue(lr), WeightDecay = pr.GetValue(wd), WarmupLr = pr.GetValue(warmupLr),
                    WarmupEpochs = pr.GetValue(warmup), MinLr = pr.GetValue(minLr), SwaStart = pr.GetValue(swaStart),
                    SwaLr = pr.GetValue(swaLr), SwaAnnealEpochs = pr.GetValue(swaAnneal), VideoLayers = pr.GetValue(layers),
                    VideoDim = pr.GetValue(dim), Seed = pr.GetValue(seed), Device = pr.GetValue(device)!, Threads = pr.GetValue(threads),
                    Condition = pr.GetValue(condition)!, VideoExtractor = !pr.GetValue(noExtractor),
                    MultiscaleKernels = !pr.GetValue(noMultiscale), CausalVideo = causality is not ("video" or "all"),
                    CausalMultiscale = causality is not ("multiscale" or "all"), Loss = pr.GetValue(loss)!,
                    InitWeights = pr.GetValue(initFrom) is { } w ? Path.GetFullPath(w) : null,
                    TrainFraction = pr.GetValue(fraction), Precision = pr.GetValue(precision)!,
                };
                o.Validate();                                       // bad values fail before libtorch and the data load
            }
            LibTorchOption.Start(pr, libtorch, o.Threads);
            if (datasetDir == null) throw new UserInputException("give the dataset folder (or --resume an existing run)");
            if (!isResume && File.Exists(run.RunFile))
                throw new UserInputException($"{run.Directory} already holds a run; use --resume to continue it or choose another --out");
            if (!isResume && o.InitWeights is { } init)
            {
                // Read before the data loads (a bad --init fails fast); the video stage's size follows the starting
                // weights unless given explicitly.
                var start = InitialWeights.Config(init);
                if (pr.GetResult(layers) is not { Implicit: false }) o = o with { VideoLayers = start.VideoLayers };
                if (pr.GetResult(dim) is not { Implicit: false }) o = o with { VideoDim = start.VideoDim };
            }
            var ds = Dataset.Load(datasetDir);
            if (!isResume && pr.GetValue(cells) is { } cellSpec) o = o with { Cells = CellSelection.Parse(cellSpec, ds.CellCount) };
            var data = new TrainingData(ds, o.Backbone, o.Split, o.Cells);
            using var signalled = new CancellationTokenSource();
            EpochRecord? last;
            using (new StopOnSignals(signalled.Cancel))
                last = new ViStTrainer(data, o, run).Run(isResume, pr.GetValue(stopAfter), signalled.Token);
            // Plain lines, not markup: the console's wrapping would break the command to copy.
            string resumeHint = $"continue with `vist-train train --out {run.Directory} --resume`";
            if (!File.Exists(run.FinalWeights) && signalled.IsCancellationRequested)
            {
                Console.WriteLine($"stopped by a signal at {Checkpoint.Progress(run.CheckpointDir, o.Epochs)} (checkpointed); {resumeHint}");
                return StoppedBySignal;
            }
            if (!File.Exists(run.FinalWeights))
            {
                Console.WriteLine($"stopped after epoch {last!.Epoch}: held-out corr {last.ValCorr:F4}; {resumeHint}");
                return 0;
            }
            AnsiConsole.MarkupLine($"done: held-out corr (mean |r|) [bold]{last!.ValCorr:F4}[/], signed {last.ValCorrSigned:F4}; weights in {run.FinalWeights}");
            return 0;
        });
        return cmd;
    }
}
