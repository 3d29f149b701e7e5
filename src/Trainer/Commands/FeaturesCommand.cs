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
        var backbone = CliRunner.WithDefault("--backbone", "backbone preset: resnet18-l3 (embedded), dinov2 (needs --onnx), pixels (raw luminance, 8x8 per patch: the no-foundation-prior ablation)", BackboneSpec.ResNetPreset);
        var onnx = CliRunner.Optional<string>("--onnx", "the backbone's ONNX file (DINOv2 export, see tools/export_dinov2_onnx.py)");
        var batch = CliRunner.WithDefault("--batch", "frames per backbone call", 16);
        var cmd = new Command("features", "Compute the backbone feature cache features-<preset>.npy (float16 [F,256,D]) of a dataset.")
        {
            dataset, backbone, onnx, batch,
        };
        cmd.SetAction(pr =>
        {
            string dir = pr.GetValue(dataset)!;
            var ds = Dataset.Load(dir);
            if (pr.GetValue(backbone) == PixelFeatures.Preset)
            {
                string path = WritePixelCache(ds);
                AnsiConsole.MarkupLine($"wrote [bold]{Markup.Escape(path)}[/] {Markup.Escape($"[{ds.FrameCount},256,{PixelFeatures.Dim}]")} float16");
                return 0;
            }
            var spec = BackboneSpec.FromPreset(pr.GetValue(backbone)!, pr.GetValue(onnx));
            using var model = OnnxBackbone.Open(spec);
            string outPath = TrainingData.FeatureCachePath(dir, spec.Preset);
            int b = Math.Max(1, pr.GetValue(batch));
            int patches = model.Grid * model.Grid, dim = model.Dim, pixels = FrameContract.Pixels;
            var cache = new Half[(long)ds.FrameCount * patches * dim];
            var buf = new float[(long)b * patches * dim];
            AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                    new RemainingTimeColumn()).Start(ctx =>
            {
                var task = ctx.AddTask($"{spec.Preset} on {model.Provider}", maxValue: ds.FrameCount);
                for (int start = 0; start < ds.FrameCount; start += b)
                {
                    int n = Math.Min(b, ds.FrameCount - start);
                    model.Extract(ds.Frames.AsSpan(start * pixels, n * pixels), n, buf.AsSpan(0, n * patches * dim));
                    System.Numerics.Tensors.TensorPrimitives.ConvertToHalf(buf.AsSpan(0, n * patches * dim),
                        cache.AsSpan((int)((long)start * patches * dim), n * patches * dim));
                    task.Increment(n);
                }
            });
            Npy.Write(outPath, NdArray.Of(cache, ds.FrameCount, patches, dim));
            AnsiConsole.MarkupLine($"wrote [bold]{Markup.Escape(outPath)}[/] {Markup.Escape($"[{ds.FrameCount},{patches},{dim}]")} float16");
            return 0;
        });
        return cmd;
    }

    /// <summary>Writes the dataset's features-pixels.npy (no network needed); returns its path.</summary>
    public static string WritePixelCache(Dataset ds)
    {
        int per = 256 * PixelFeatures.Dim, pixels = FrameContract.Pixels;
        var cache = new Half[(long)ds.FrameCount * per];
        AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn()).Start(ctx =>
        {
            var task = ctx.AddTask("pixel features", maxValue: ds.FrameCount);
            Parallel.For(0, ds.FrameCount, () => new float[per], (f, _, buf) =>
            {
                PixelFeatures.Extract(ds.Frames.AsSpan(f * pixels, pixels), buf);
                System.Numerics.Tensors.TensorPrimitives.ConvertToHalf(buf, cache.AsSpan((int)((long)f * per), per));
                task.Increment(1);
                return buf;
            }, _ => { });
        });
        string outPath = TrainingData.FeatureCachePath(ds.Directory, PixelFeatures.Preset);
        Npy.Write(outPath, NdArray.Of(cache, ds.FrameCount, 256, PixelFeatures.Dim));
        return outPath;
    }
}
