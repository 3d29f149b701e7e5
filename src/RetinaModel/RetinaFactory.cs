using ViST.RetinaModel.Ln;
using ViST.RetinaModel.Runtime;

namespace ViST.RetinaModel;

/// <summary>
/// Opens the model a user names on the command line (`--model`): "ln" is the virtual LN retina (fixed, documented
/// cells: the ground truth of the synthetic datasets), "default" the embedded default bundle, anything else a model
/// bundle folder (*.vist).
/// </summary>
public static class RetinaFactory
{
    public const string LnName = "ln", DefaultName = "default";

    /// <summary>The embedded default bundle: models/default.vist next to the program (copied there at build time).</summary>
    public static string DefaultBundlePath => Path.Combine(AppContext.BaseDirectory, "models", "default.vist");

    public static IRetina Open(string? model, int streams = 1, Device device = Device.Auto, string? backboneOnnx = null,
        Backbones.BackbonePrecision precision = Backbones.BackbonePrecision.Fp32)
    {
        model ??= DefaultName;
        if (model == LnName) return new LnRetina(streams);
        string dir = model == DefaultName ? DefaultBundlePath : model;
        if (!Directory.Exists(dir))
            throw new DirectoryNotFoundException(model == DefaultName
                ? $"{dir}: the embedded default model is missing from this build; pass --model DIR.vist or --model ln"
                : $"{dir}: no such model bundle folder (expected a *.vist folder with manifest.json, or 'ln')");
        return VistRetina.Open(dir, streams, device, backboneOnnx, precision);
    }
}
