using ViST.RetinaModel.Runtime;

namespace ViST.RetinaModel.Backbones;

/// <summary>Opens the backbone a spec describes: an ONNX model (embedded ResNet18 stages, DINOv2, any ONNX), the
/// network-free luminance features, or a combination of embedded presets.</summary>
public static class Backbone
{
    /// <param name="baseDir">Folder that a relative <see cref="BackboneSpec.Onnx"/> path is relative to (the bundle).</param>
    /// <param name="precision">Number format of the ONNX networks (luminance has none).</param>
    public static IBackbone Open(BackboneSpec spec, string? baseDir = null, Device device = Device.Auto, BackbonePrecision precision = BackbonePrecision.Fp32)
    {
        switch (spec.Layout)
        {
            case BackboneSpec.LuminanceLayout:
                var builtIn = BackboneSpec.FromPreset(spec.Preset, null);
                if (builtIn.Layout != BackboneSpec.LuminanceLayout || builtIn.Dim != spec.Dim)
                    throw new InvalidDataException($"backbone '{spec.Preset}': a luminance backbone must be one of the presets {BackboneSpec.PixelsPreset}, {BackboneSpec.Pixels4Preset}");
                return new LuminanceBackbone(spec.Preset, (int)Math.Round(Math.Sqrt(spec.Dim)));
            case BackboneSpec.ConcatLayout:
                var parts = new List<IBackbone>();
                try
                {
                    foreach (var part in BackboneSpec.Parts(spec.Preset)) parts.Add(Open(part, baseDir, device, precision));
                    var combined = new ConcatBackbone(spec.Preset, parts);
                    if (spec.Dim > 0 && combined.Dim != spec.Dim)
                        throw new InvalidDataException($"backbone '{spec.Preset}': its parts give {combined.Dim} features per patch, the spec says {spec.Dim}");
                    return combined;
                }
                catch
                {
                    foreach (var p in parts) p.Dispose();
                    throw;
                }
            default:
                return OnnxBackbone.Open(spec, baseDir, device, precision);
        }
    }
}
