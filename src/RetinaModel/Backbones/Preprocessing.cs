using System.Text.Json.Serialization;

namespace ViST.RetinaModel.Backbones;

/// <summary>
/// How a grey frame becomes a backbone's input [B,3,InputSize,InputSize]: bilinear resize (half-pixel centres,
/// as PyTorch's interpolate with align_corners=False, antialias off), grey copied to three channels, then
/// value = (pixel * Scale - mean) / Std[c], where mean is <see cref="Mean"/>[c] or, when given, the per-pixel
/// <see cref="MeanImage"/> [3,InputSize,InputSize] (CNTK's ResNet convention).
/// </summary>
public sealed record Preprocessing(
    [property: JsonPropertyName("input_size")] int InputSize,
    [property: JsonPropertyName("scale")] float Scale,
    [property: JsonPropertyName("mean")] float[] Mean,
    [property: JsonPropertyName("std")] float[] Std)
{
    /// <summary>Where the per-pixel mean image comes from ("file.onnx:InitializerName", resized bilinearly to
    /// InputSize); when set it replaces <see cref="Mean"/>. Only the embedded ResNet uses it.</summary>
    [JsonPropertyName("mean_image")] public string? MeanImageFrom { get; init; }

    /// <summary>The loaded mean image [3, InputSize, InputSize] (filled by the backbone loader, never serialised).</summary>
    [JsonIgnore] public float[]? MeanImage { get; init; }

    /// <summary>DINOv2 / timm: [0,1] pixels, ImageNet mean and std.</summary>
    public static Preprocessing ImageNet(int inputSize) =>
        new(inputSize, 1f / 255f, [0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f]);

    public void Validate(string what)
    {
        if (InputSize < 1 || Mean is not { Length: 3 } || Std is not { Length: 3 } || Std.Any(s => !(s > 0)) || !float.IsFinite(Scale))
            throw new InvalidDataException($"{what}: preprocessing needs input_size > 0, a finite scale, three means and three positive stds");
        if (MeanImage != null && MeanImage.Length != 3 * InputSize * InputSize)
            throw new InvalidDataException($"{what}: mean image has {MeanImage.Length} values, expected 3x{InputSize}x{InputSize}");
    }
}
