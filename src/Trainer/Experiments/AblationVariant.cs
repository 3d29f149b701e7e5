using ViST.RetinaModel.Backbones;
using ViST.Trainer.Training;

namespace ViST.Trainer.Experiments;

/// <summary>One variant of the paper's ablation figure (vist-upstream.md 4.2): a name for folders and tables, the
/// paper's label and its digitised CC, and the change it makes to the training options.</summary>
public sealed record AblationVariant(string Name, string PaperLabel, double PaperCc, Func<TrainOptions, TrainOptions> Apply)
{
    /// <summary>Every variant of the figure, in its order (best to worst in the paper).</summary>
    public static IReadOnlyList<AblationVariant> All { get; } =
    [
        new("full", "Vi-ST baseline", 0.334, o => o),
        new("noncausal-msb", "Replace Causal Multiscale Block", 0.332, o => o with { CausalMultiscale = false }),
        new("noncausal-video", "Replace Causal Dilated 3D-CNN", 0.326, o => o with { CausalVideo = false }),
        new("video-condition", "Replace condition as video", 0.326, o => o with { Condition = "video" }),
        new("no-multiscale", "Remove Multiscale Kernel", 0.322, o => o with { MultiscaleKernels = false }),
        new("rmse-loss", "Replace loss by RMSE", 0.312, o => o with { Loss = "rmse" }),
        new("no-video-extractor", "Remove Video Extractor", 0.283, o => o with { VideoExtractor = false }),
        new("no-foundation-prior", "Remove DINOv2 prior", 0.281, o => o with { Backbone = BackboneSpec.PixelsPreset }),
        new("no-adaln", "Remove Spikes Alignment", 0.170, o => o with { Condition = "none" }),
    ];

    /// <summary>The variants named in a comma-separated list, in the list's order.</summary>
    public static IReadOnlyList<AblationVariant> Parse(string names)
    {
        var picked = names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(n =>
            All.FirstOrDefault(v => v.Name == n) ?? throw new ArgumentException($"--variants: unknown variant '{n}' (known: {string.Join(", ", All.Select(v => v.Name))})")).ToList();
        if (picked.Count == 0) throw new ArgumentException("--variants: no variant given");
        if (picked.Distinct().Count() != picked.Count) throw new ArgumentException($"--variants: a variant is named twice in '{names}'");
        return picked;
    }
}
