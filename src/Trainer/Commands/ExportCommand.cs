using System.CommandLine;
using Spectre.Console;
using ViST.Cli;
using ViST.RetinaModel.Backbones;
using ViST.RetinaModel.Bundles;
using ViST.RetinaModel.Data.Datasets;
using ViST.RetinaModel.IO;
using ViST.RetinaModel.Metrics;
using ViST.Trainer.Evaluation;
using ViST.Trainer.Training;

namespace ViST.Trainer.Commands;

/// <summary>`vist-train export RUN --out DIR.vist`: the model bundle `vist` loads, with provenance and held-out metrics.</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "finished training run folder" };
        var output = CliRunner.Required<string>("--out", "bundle folder to write (e.g. models/mine.vist)");
        var name = CliRunner.Optional<string>("--name", "model name (default: the folder name)");
        var onnx = CliRunner.Optional<string>("--onnx", "the backbone's ONNX file when it is not an embedded preset");
        var noScorecard = CliRunner.WithDefault("--no-scorecard", "do not score the bundle as a retina (the scorecard needs a model of the LN retina's 90 cells)", false);
        var libtorch = LibTorchOption.Create();
        var cmd = new Command("export", "Export a trained run as a model bundle (*.vist) for the simulator, with its retina scorecard.")
        {
            run, output, name, onnx, noScorecard, libtorch,
        };
        cmd.SetAction(pr =>
        {
            LibTorchOption.Start(pr, libtorch);
            var r = new TrainingRun(pr.GetValue(run)!);
            var info = r.ReadRunInfo();
            RequireExportable(r, info.Options);
            var data = new TrainingData(Dataset.Load(info.Dataset), info.Options.Backbone, info.Options.Split, info.Options.Cells);
            var eval = Evaluator.OfRun(r, data);
            string outDir = pr.GetValue(output)!;
            string modelName = pr.GetValue(name) ?? Path.GetFileNameWithoutExtension(Path.GetFullPath(outDir).TrimEnd('/'));
            var weights = SafeTensors.Read(r.FinalWeights);
            var backbone = BackboneSpec.FromPreset(info.Options.Backbone, pr.GetValue(onnx));
            var log = TrainingLog.Read(r.LogFile);
            var provenance = BundleProvenance.Of(r, info, data, log.Count);
            var metrics = Summaries(eval.Report);
            var bundle = ModelBundle.Write(outDir, modelName, weights, NdArray.Of(data.RfMasks, data.Cells, 16, 16),
                data.CellInfos, backbone, provenance, metrics);
            AnsiConsole.MarkupLine($"wrote bundle [bold]{outDir}[/]: {bundle.Cells.Count} cells, held-out mean r {eval.Report.Pearson.Mean:F3}");
            if (!pr.GetValue(noScorecard))
            {
                string cardDir = Path.Combine(Path.GetTempPath(), $"vist-scorecard-{Environment.ProcessId}");
                try
                {
                    var card = ScorecardCommand.Run(outDir, ScorecardCommand.DefaultOptions(), cardDir);
                    ModelBundle.WithScorecard(outDir, card.ToJson());
                    ScorecardCommand.Print(card);
                }
                finally { if (Directory.Exists(cardDir)) Directory.Delete(cardDir, recursive: true); }
            }
            return 0;
        });
        return cmd;
    }

    /// <summary>The bundle's ONNX head is the paper's causal network on an ONNX backbone; an ablation run (a paper
    /// experiment) has no such form, and exporting it anyway would give a bundle that computes something else.</summary>
    static void RequireExportable(TrainingRun run, TrainOptions o)
    {
        var ablations = o.NetworkConfig(1, 1, 16).Ablations;
        if (ablations.Count > 0)
            throw new UserInputException($"{run.Directory}: an ablation run ({string.Join(", ", ablations)}) cannot be exported: model bundles hold only the paper's causal network");
    }

    static Dictionary<string, double> Summaries(MetricsReport m)
    {
        var d = new Dictionary<string, double>
        {
            ["pearson_mean"] = m.Pearson.Mean,
            ["pearson_mean_abs"] = m.Pearson.MeanAbs,
            ["pearson_mean_positive"] = m.Pearson.MeanPositive,
            ["sd_kl_mean"] = m.SdKl.Mean,
            ["sd_tvd_mean"] = m.SdTvd.Mean,
        };
        if (m.NoiseCeiling is { } n)
        {
            d["feve_mean"] = n.Feve.Mean;
            d["cc_norm_mean"] = n.CcNorm.Mean;
            d["cc_max_mean"] = n.CcMax.Mean;
        }
        return d;
    }
}
