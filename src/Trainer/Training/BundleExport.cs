using ViST.Cli;
using ViST.InSilico.Scorecard;
using ViST.RetinaModel.Backbones;
using ViST.RetinaModel.Bundles;
using ViST.RetinaModel.Data.Datasets;
using ViST.RetinaModel.IO;
using ViST.RetinaModel.Metrics;
using ViST.Trainer.Evaluation;

namespace ViST.Trainer.Training;

/// <summary>A finished training run as a model bundle (`vist-train export`, and the experiments that score their
/// runs as retinas): weights, head graphs, held-out metrics, portable provenance, and optionally the scorecard.</summary>
public static class BundleExport
{
    /// <param name="backboneOnnx">the backbone's ONNX file when it is not an embedded preset</param>
    public static (ModelBundle Bundle, Evaluation.Evaluation Eval) Write(TrainingRun run, string outDir, string? name = null, string? backboneOnnx = null)
    {
        var info = run.ReadRunInfo();
        RequireExportable(run, info.Options);
        var data = new TrainingData(Dataset.Load(info.Dataset), info.Options.Backbone, info.Options.Split, info.Options.Cells);
        var eval = Evaluator.OfRun(run, data);
        string modelName = name ?? Path.GetFileNameWithoutExtension(Path.GetFullPath(outDir).TrimEnd('/'));
        var weights = SafeTensors.Read(run.FinalWeights);
        var backbone = BackboneSpec.FromPreset(info.Options.Backbone, backboneOnnx);
        var provenance = BundleProvenance.Of(info, data, TrainingLog.Read(run.LogFile).Count);
        var bundle = ModelBundle.Write(outDir, modelName, weights, NdArray.Of(data.RfMasks, data.Cells, 16, 16),
            data.CellInfos, backbone, provenance, Summaries(eval.Report));
        return (bundle, eval);
    }

    /// <summary>Scores the bundle in <paramref name="bundleDir"/> as a retina (sweeps in <paramref name="workDir"/>)
    /// and stores the scorecard in its manifest.</summary>
    public static ScorecardResult Score(string bundleDir, ScorecardOptions options, string workDir)
    {
        var card = Commands.ScorecardCommand.Run(bundleDir, options, workDir);
        ModelBundle.WithScorecard(bundleDir, card.ToJson());
        return card;
    }

    /// <summary>The bundle's ONNX head is the paper's causal network on an ONNX backbone; an ablation run (a paper
    /// experiment) has no such form, and exporting it anyway would give a bundle that computes something else.</summary>
    static void RequireExportable(TrainingRun run, TrainOptions o)
    {
        var ablations = o.NetworkConfig(1, 1, 16).Ablations;
        if (ablations.Count > 0)
            throw new UserInputException($"{run.Directory}: an ablation run ({string.Join(", ", ablations)}) cannot be exported: model bundles hold only the paper's causal network");
        // checked before the held-out evaluation, which takes minutes on a large dataset
        foreach (string file in new[] { run.FinalWeights, run.LogFile })
            if (!File.Exists(file))
                throw new UserInputException($"{run.Directory}: not a finished training run (no {Path.GetFileName(file)}); " +
                    $"finish it first (`vist-train train --resume --out {ProgramInfo.Portable(run.Directory)}`)");
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
