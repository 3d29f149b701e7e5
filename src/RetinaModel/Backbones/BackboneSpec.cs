using System.Text.Json.Serialization;

namespace ViST.RetinaModel.Backbones;

/// <summary>
/// Which backbone a bundle was trained on and how to run it (manifest.json "backbone").
/// <see cref="Layout"/> "tokens": the output is [B, N, Dim] and the last Grid*Grid tokens are the patches (CLS and
/// register tokens come first and are dropped); "map": the output is a feature map [B, Dim, Grid, Grid];
/// "luminance": no network, each patch's pixels area-averaged (<see cref="LuminanceBackbone"/>); "concat": the
/// presets named in <see cref="Preset"/> ("a+b") side by side, each patch's features of a, then those of b.
/// </summary>
public sealed record BackboneSpec(
    [property: JsonPropertyName("preset")] string Preset,
    [property: JsonPropertyName("onnx")] string? Onnx,
    [property: JsonPropertyName("output")] string? Output,
    [property: JsonPropertyName("layout")] string Layout,
    [property: JsonPropertyName("grid")] int Grid,
    [property: JsonPropertyName("dim")] int Dim,
    [property: JsonPropertyName("preprocessing")] Preprocessing Preprocessing)
{
    public const string ResNetPreset = "resnet18-l3", ResNetL2Preset = "resnet18-l2", DinoPreset = "dinov2", GenericPreset = "onnx",
        PixelsPreset = "pixels", Pixels4Preset = "pixels4";
    public const string TokensLayout = "tokens", MapLayout = "map", LuminanceLayout = "luminance", ConcatLayout = "concat";
    public const char Separator = '+';

    /// <summary>Every preset that needs no file of the user's, for help texts.</summary>
    public static readonly string[] EmbeddedPresets = [ResNetPreset, ResNetL2Preset, PixelsPreset, Pixels4Preset];

    /// <summary>The ImageNet ResNet18 (CNTK export) cut after a stage and fed the size that makes its map 16x16.
    /// CNTK preprocessing: 0-255 pixel values minus the mean image of ResNetPreprocess.onnx, resized bilinearly
    /// from 224x224 to the input size (the frame is stretched the same way, so every pixel keeps the mean of its
    /// relative position). The per-channel means recorded here are that image's averages (BGR order).</summary>
    public static BackboneSpec ResNet18(ResNet18Stage stage) => new(stage.Preset, null, stage.Output, MapLayout, 16, stage.Channels,
        new Preprocessing(stage.InputSize, 1f, [103.06f, 115.90f, 123.15f], [1f, 1f, 1f]) { MeanImageFrom = "ResNetPreprocess.onnx:MeanImage" });

    /// <summary>The embedded default of earlier bundles: ResNet18 layer 3 at 256x256 -> 16x16x256.</summary>
    public static BackboneSpec ResNet18L3 { get; } = ResNet18(ResNet18Stage.Layer3);

    /// <summary>ResNet18 layer 2 at 128x128 -> 16x16x128, about a fifth of layer 3's multiply-adds.</summary>
    public static BackboneSpec ResNet18L2 { get; } = ResNet18(ResNet18Stage.Layer2);

    /// <summary>Each 22.5-px patch area-averaged to side x side luminance values, (pixel / 127.5 - 1): the frame
    /// at 16*side px square, described as that "input size" with scale 1/127.5 and mean 1.</summary>
    public static BackboneSpec Luminance(string preset, int side) => new(preset, null, null, LuminanceLayout, 16, side * side,
        new Preprocessing(16 * side, 1f / 127.5f, [1f, 1f, 1f], [1f, 1f, 1f]));

    /// <summary>A DINOv2 ViT/14 exported to ONNX (tools/export_dinov2_onnx.py): 224x224 input, ImageNet
    /// normalisation, output [B, 1 + registers + 256, Dim]; Dim is read from the model.</summary>
    public static BackboneSpec Dinov2(string onnxPath, string? output = null) =>
        new(DinoPreset, onnxPath, output, TokensLayout, 16, 0, Preprocessing.ImageNet(224));

    /// <summary>The parts of a "concat" preset ("resnet18-l2+pixels4"), each an embedded preset.</summary>
    public static IReadOnlyList<BackboneSpec> Parts(string preset) =>
        preset.Split(Separator).Select(p => FromPreset(p, null)).ToList();

    /// <summary>Parses a preset name as given on the command line; "a+b" joins embedded presets.</summary>
    public static BackboneSpec FromPreset(string preset, string? onnxPath)
    {
        if (preset.Contains(Separator))
        {
            var names = preset.Split(Separator);
            if (names.Any(n => !EmbeddedPresets.Contains(n)) || names.Distinct().Count() != names.Length)
                throw new ArgumentException($"backbone '{preset}': a combination joins different embedded presets ({string.Join(", ", EmbeddedPresets)}) with '{Separator}'");
            var parts = names.Select(n => FromPreset(n, null)).ToList();
            return new BackboneSpec(preset, null, null, ConcatLayout, 16, parts.Sum(p => p.Dim), parts[0].Preprocessing);
        }
        return preset switch
        {
            ResNetPreset => ResNet18L3,
            ResNetL2Preset => ResNet18L2,
            PixelsPreset => Luminance(PixelsPreset, 8),
            Pixels4Preset => Luminance(Pixels4Preset, 4),
            DinoPreset or "dinov2-vitl14" or "dinov2-vits14" or "dinov2-vitb14" or "dinov2-vitg14" => Dinov2(
                onnxPath ?? throw new ArgumentException($"backbone '{preset}' needs the path of its ONNX export (see tools/export_dinov2_onnx.py)")) with { Preset = preset },
            _ => throw new ArgumentException($"unknown backbone preset '{preset}' (known: {string.Join(", ", EmbeddedPresets)}, {DinoPreset}, " +
                $"combinations such as {ResNetL2Preset}{Separator}{Pixels4Preset}; or give a generic spec with preset '{GenericPreset}' in the bundle manifest)"),
        };
    }
}
