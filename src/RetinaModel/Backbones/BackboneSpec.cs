using System.Text.Json.Serialization;

namespace ViST.RetinaModel.Backbones;

/// <summary>
/// Which backbone a bundle was trained on and how to run it (manifest.json "backbone").
/// <see cref="Layout"/> "tokens": the output is [B, N, Dim] and the last Grid*Grid tokens are the patches (CLS and
/// register tokens come first and are dropped); "map": the output is a feature map [B, Dim, Grid, Grid].
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
    public const string ResNetPreset = "resnet18-l3", DinoPreset = "dinov2", GenericPreset = "onnx";
    public const string TokensLayout = "tokens", MapLayout = "map";

    /// <summary>The embedded default: ImageNet ResNet18 (CNTK export) cut after layer 3, fed 256x256 so the map is
    /// 16x16x256. CNTK preprocessing: 0-255 pixel values minus the mean image of ResNetPreprocess.onnx, resized
    /// bilinearly from 224x224 to 256x256 (the frame is stretched the same way, so every pixel keeps the mean of
    /// its relative position). The per-channel means recorded here are that image's averages (BGR order).</summary>
    public static BackboneSpec ResNet18L3 { get; } = new(ResNetPreset, null, ResNet18Model.Layer3Output, MapLayout, 16, 256,
        new Preprocessing(ResNet18Model.InputSize, 1f, [103.06f, 115.90f, 123.15f], [1f, 1f, 1f]) { MeanImageFrom = "ResNetPreprocess.onnx:MeanImage" });

    /// <summary>A DINOv2 ViT/14 exported to ONNX (tools/export_dinov2_onnx.py): 224x224 input, ImageNet
    /// normalisation, output [B, 1 + registers + 256, Dim]; Dim is read from the model.</summary>
    public static BackboneSpec Dinov2(string onnxPath, string? output = null) =>
        new(DinoPreset, onnxPath, output, TokensLayout, 16, 0, Preprocessing.ImageNet(224));

    /// <summary>Parses a preset name as given on the command line.</summary>
    public static BackboneSpec FromPreset(string preset, string? onnxPath) => preset switch
    {
        ResNetPreset => ResNet18L3,
        DinoPreset or "dinov2-vitl14" or "dinov2-vits14" or "dinov2-vitb14" or "dinov2-vitg14" => Dinov2(
            onnxPath ?? throw new ArgumentException($"backbone '{preset}' needs the path of its ONNX export (see tools/export_dinov2_onnx.py)")) with { Preset = preset },
        _ => throw new ArgumentException($"unknown backbone preset '{preset}' (known: {ResNetPreset}, {DinoPreset}; or give a generic spec with preset '{GenericPreset}' in the bundle manifest)"),
    };
}
