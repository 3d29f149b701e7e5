using System.CommandLine;
using Spectre.Console;
using ViST.Cli;
using ViST.RetinaModel.Backbones;
using ViST.RetinaModel.Data.Datasets;
using ViST.RetinaModel.IO;
using ViST.Trainer.Training;

namespace ViST.Trainer.Commands;

/// <summary>`vist-train features DATASET --backbone PRESET`: the float16 feature cache training reads.</summary>
public static class FeaturesCommand
{
    public static Command Create()
    {
        var dataset = new Argument<string>("dataset") { Description = "dataset folder" };
        var backbone = CliRunner.WithDefault("--backbone", $"backbone preset: {string.Join(", ", BackboneSpec.EmbeddedPresets)} (embedded; pixels = " +
            "luminance 8x8 per patch, the no-foundation-prior ablation), combinations such as resnet18-l2+pixels4, or dinov2 (needs --onnx)", BackboneSpec.ResNetPreset);
        var onnx = CliRunner.Optional<string>("--onnx", "the backbone's ONNX file (DINOv2 export, see tools/export_dinov2_onnx.py)");
        var batch = CliRunner.WithDefault("--batch", "frames per backbone call", 16);
        var cmd = new Command("features", "Compute the backbone feature cache features-<preset>.npy (float16 [F,256,D]) of a dataset.")
        {
            dataset, backbone, onnx, batch,
        };
        cmd.SetAction(pr =>
        {
            using var ds = Dataset.Load(pr.GetValue(dataset)!);
            var spec = BackboneSpec.FromPreset(pr.GetValue(backbone)!, pr.GetValue(onnx));
            string path = Write(ds, spec, Math.Max(1, pr.GetValue(batch)));
            AnsiConsole.MarkupLine($"wrote [bold]{Markup.Escape(path)}[/] ({new FileInfo(path).Length / 1e9:F2} GB)");
            return 0;
        });
        return cmd;
    }

    /// <summary>Runs the backbone over every frame of the dataset and streams the float16 features to
    /// features-PRESET.npy, a batch at a time (caches of tens of thousands of frames never sit in memory);
    /// returns the cache's path.</summary>
    public static string Write(Dataset ds, BackboneSpec spec, int batch = 16)
    {
        using var model = Backbone.Open(spec);
        string outPath = TrainingData.FeatureCachePath(ds.Directory, spec.Preset);
        int patches = model.Grid * model.Grid, dim = model.Dim;
        using var writer = new NpyWriter(outPath, DType.Float16, ds.FrameCount, patches, dim);
        var features = new float[(long)batch * patches * dim];
        var half = new Half[features.Length];
        CliProgress.Run($"{spec.Preset} features ({model.Provider})", ds.FrameCount, progress =>
        {
            for (int start = 0; start < ds.FrameCount; start += batch)
            {
                int n = Math.Min(batch, ds.FrameCount - start), values = n * patches * dim;
                model.Extract(ds.Frames.Range(start, n), n, features.AsSpan(0, values));
                System.Numerics.Tensors.TensorPrimitives.ConvertToHalf(features.AsSpan(0, values), half.AsSpan(0, values));
                writer.Append<Half>(half.AsSpan(0, values));
                progress.Report(start + n);
            }
            return 0;
        });
        writer.Complete();
        return outPath;
    }
}
