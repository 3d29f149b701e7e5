using System.CommandLine;
using System.Globalization;
using ViST.Cli;
using ViST.Trainer.Experiments;
using ViST.Trainer.Training;

namespace ViST.Trainer.Commands;

/// <summary>
/// `vist-train experiment ablation|population DATASET --out DIR`: the paper's experiments, each a set of training
/// runs in DIR/&lt;name&gt;-s&lt;seed&gt;/ (rerunning the command skips finished runs and resumes interrupted ones),
/// then a table (.csv, .md) and a plot (.png) in DIR.
/// </summary>
public static class ExperimentCommand
{
    public static Command Create() => new("experiment", "The paper's experiments (ablations, complementary coding), the backbone comparison and the learning curve against data.")
    {
        Ablation(),
        Population(),
        Backbones(),
        DataSize(),
    };

    static Command DataSize()
    {
        var common = new CommonOptions();
        var list = CliRunner.WithDefault("--fractions", "fractions of the training segments (1 = all; its run is shared with `experiment backbones`)", "0.25,0.5,1");
        var cmd = new Command("datasize", "Train the same network on fractions of the training data; held-out r against data and against steps.") { list };
        common.AddTo(cmd);
        cmd.SetAction(pr =>
        {
            var fractions = pr.GetValue(list)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(t => double.TryParse(t, System.Globalization.NumberStyles.Float, CultureInfo.InvariantCulture, out double f) && f > 0 && f <= 1 ? f
                    : throw new UserInputException($"--fractions: '{t}' is not a number in (0, 1]")).ToArray();
            if (fractions.Length == 0 || fractions.Distinct().Count() != fractions.Length) throw new UserInputException("--fractions: give distinct fractions, e.g. 0.25,0.5,1");
            DataSizeExperiment.Run(common.Settings(pr), fractions);
            Console.Error.WriteLine($"wrote datasize.csv, datasize.md and datasize.png in {Path.GetFullPath(pr.GetValue(common.Out)!)}");
            return 0;
        });
        return cmd;
    }

    static Command Backbones()
    {
        var common = new CommonOptions();
        var list = CliRunner.WithDefault("--backbones", "comma-separated backbone presets (their feature caches must exist, except pixels)",
            "pixels,resnet18-l2+pixels4,resnet18-l2,resnet18-l3");
        var noScorecard = CliRunner.WithDefault("--no-scorecard", "skip exporting each run and scoring it as a retina (needs a dataset of the LN retina's 90 cells)", false);
        var cmd = new Command("backbones", "Train the same network on each backbone's features with the same seeds and budget, score each as a retina; table and bar plot.") { list, noScorecard };
        common.AddTo(cmd);
        cmd.SetAction(pr =>
        {
            var names = pr.GetValue(list)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (names.Length == 0 || names.Distinct().Count() != names.Length) throw new UserInputException("--backbones: give distinct presets, e.g. pixels,resnet18-l2");
            BackboneExperiment.Run(common.Settings(pr), names, pr.GetValue(noScorecard) ? null : ScorecardCommand.DefaultOptions());
            Console.Error.WriteLine($"wrote backbones.csv, backbones.md and backbones.png in {Path.GetFullPath(pr.GetValue(common.Out)!)}");
            return 0;
        });
        return cmd;
    }

    static Command Ablation()
    {
        var common = new CommonOptions();
        var variants = CliRunner.WithDefault("--variants", "comma-separated variants to train: " +
            string.Join(", ", AblationVariant.All.Select(v => v.Name)), string.Join(",", AblationVariant.All.Select(v => v.Name)));
        var cmd = new Command("ablation", "Train every ablation variant of the paper with the same seeds and budget; table and bar plot.") { variants };
        common.AddTo(cmd);
        cmd.SetAction(pr =>
        {
            var picked = AblationVariant.Parse(pr.GetValue(variants)!);
            AblationExperiment.Run(common.Settings(pr), picked);
            Console.Error.WriteLine($"wrote ablation.csv, ablation.md and ablation.png in {Path.GetFullPath(pr.GetValue(common.Out)!)}");
            return 0;
        });
        return cmd;
    }

    static Command Population()
    {
        var common = new CommonOptions();
        var sizes = CliRunner.WithDefault("--sizes", "population sizes (cells per model)", "90,64,32,16,8,1");
        var reference = CliRunner.Optional<string>("--reference", "a finished run on all cells to rank them by (default: train one, DIR/n<all>-s<first seed>)");
        var cmd = new Command("population", "Complementary coding: the best cells' CC when trained in populations of decreasing size.") { sizes, reference };
        common.AddTo(cmd);
        cmd.SetAction(pr =>
        {
            var list = ParseInts(pr.GetValue(sizes)!, "--sizes");
            if (list.Distinct().Count() != list.Length) throw new UserInputException($"--sizes: a size is given twice in '{pr.GetValue(sizes)}'");
            PopulationExperiment.Run(common.Settings(pr), list, pr.GetValue(reference));
            Console.Error.WriteLine($"wrote population.csv, population.md and population.png in {Path.GetFullPath(pr.GetValue(common.Out)!)}");
            return 0;
        });
        return cmd;
    }

    static int[] ParseInts(string text, string option)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) throw new UserInputException($"{option}: empty list");
        return parts.Select(p => int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v
            : throw new UserInputException($"{option}: '{p}' is not an integer")).ToArray();
    }

    /// <summary>The dataset, output folder and training budget both experiments take (the `train` defaults).</summary>
    sealed class CommonOptions
    {
        static readonly TrainOptions D = new();
        readonly Argument<string> _dataset = new("dataset") { Description = "dataset folder (with its feature cache)" };
        public readonly Option<string> Out = CliRunner.Required<string>("--out", "experiment folder (one sub-folder per training run, tables, plot)");
        readonly Option<string> _seeds = CliRunner.WithDefault("--seeds", "seeds; each variant/size is trained once per seed", "0");
        readonly Option<string> _backbone = CliRunner.WithDefault("--backbone", "feature cache of the full model", D.Backbone);
        readonly Option<string?> _split = CliRunner.Optional<string?>("--split", "dataset split (default: the manifest's default_split)");
        readonly Option<int> _epochs = CliRunner.WithDefault("--epochs", "epochs per run", D.Epochs);
        readonly Option<int> _steps = CliRunner.WithDefault("--steps-per-epoch", "optimizer steps per epoch", D.StepsPerEpoch);
        readonly Option<int> _batch = CliRunner.WithDefault("--batch", "windows per step", D.BatchSize);
        readonly Option<int> _window = CliRunner.WithDefault("--window", "frames per training window", D.Window);
        readonly Option<int> _layers = CliRunner.WithDefault("--video-layers", "dilated residual blocks", D.VideoLayers);
        readonly Option<int> _dim = CliRunner.WithDefault("--video-dim", "channels of the video stage", D.VideoDim);
        readonly Option<double> _lr = CliRunner.WithDefault("--lr", "peak learning rate (AdamW)", D.Lr);
        readonly Option<int?> _warmup = CliRunner.Optional<int?>("--warmup-epochs", $"linear warm-up epochs (default: the recipe's share, {D.WarmupEpochs} of {D.Epochs} epochs, of --epochs)");
        readonly Option<double?> _warmupLr = CliRunner.Optional<double?>("--warmup-lr", $"learning rate of epoch 0 (default: --lr x {D.WarmupLr / D.Lr:G3}, the recipe's start factor)");
        readonly Option<int?> _swaStart = CliRunner.Optional<int?>("--swa-start", $"1-based epoch where SWA starts, 0 for none (default {D.SwaStart}, or none when --epochs is below it)");
        readonly Option<string> _device = CliRunner.WithDefault("--device", "auto, cpu or cuda", D.Device);
        readonly Option<int?> _threads = CliRunner.Optional<int?>("--threads", "CPU threads for libtorch");
        readonly Option<string?> _libtorch = LibTorchOption.Create();

        public void AddTo(Command cmd)
        {
            cmd.Arguments.Add(_dataset);
            foreach (var o in new Option[] { Out, _seeds, _backbone, _split, _epochs, _steps, _batch, _window, _layers, _dim, _lr, _warmup, _warmupLr, _swaStart, _device, _threads, _libtorch })
                cmd.Options.Add(o);
        }

        public ExperimentSettings Settings(ParseResult pr)
        {
            int epochs = pr.GetValue(_epochs);
            var o = D with
            {
                Backbone = pr.GetValue(_backbone)!, Split = pr.GetValue(_split), Epochs = epochs, StepsPerEpoch = pr.GetValue(_steps),
                BatchSize = pr.GetValue(_batch), Window = pr.GetValue(_window), VideoLayers = pr.GetValue(_layers),
                VideoDim = pr.GetValue(_dim), Lr = pr.GetValue(_lr), Device = pr.GetValue(_device)!, Threads = pr.GetValue(_threads),
                SwaStart = pr.GetValue(_swaStart) ?? (epochs >= D.SwaStart ? D.SwaStart : 0),
                // A short budget keeps the recipe's proportions: 5 warm-up epochs of 30 would never reach the peak in 4.
                WarmupLr = pr.GetValue(_warmupLr) ?? pr.GetValue(_lr) * D.WarmupLr / D.Lr,
                WarmupEpochs = pr.GetValue(_warmup) ?? (int)Math.Round((double)D.WarmupEpochs * epochs / D.Epochs, MidpointRounding.AwayFromZero),
            };
            o.Validate();
            LibTorchOption.Start(pr, _libtorch, o.Threads);
            var seeds = ParseInts(pr.GetValue(_seeds)!, "--seeds");
            if (seeds.Distinct().Count() != seeds.Length) throw new UserInputException("--seeds: a seed is given twice");
            return new ExperimentSettings(pr.GetValue(_dataset)!, pr.GetValue(Out)!, o, seeds);
        }
    }
}
