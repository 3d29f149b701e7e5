using ViST.Trainer.Model;

namespace ViST.Trainer.Training;

/// <summary>
/// Everything `vist-train train` can set. The defaults are the authors' recipe (vist-upstream.md 2.2):
/// AdamW lr 8e-4 wd 0.1, OneCycleCos per epoch, 30 epochs of 48 steps, batch 16 of random 128-frame windows,
/// SWA from epoch 20 (swa_lr 1e-4, 5 annealing epochs) with the BatchNorm recompute, the paper's network size,
/// all cells. The ablation switches (Condition .. Loss) give the paper's variants (vist-upstream.md 4.2).
/// </summary>
public sealed record TrainOptions
{
    public string Backbone { get; init; } = "resnet18-l3";
    public string? Split { get; init; }
    public int Epochs { get; init; } = 30;
    public int StepsPerEpoch { get; init; } = 48;
    public int BatchSize { get; init; } = 16;
    public int Window { get; init; } = 128;
    public double Lr { get; init; } = 8e-4;
    public double WeightDecay { get; init; } = 0.1;
    public double WarmupLr { get; init; } = 5e-5;
    public int WarmupEpochs { get; init; } = 5;
    public double MinLr { get; init; } = 1e-4;
    /// <summary>1-based epoch at which SWA starts (Lightning's swa_epoch_start); 0 turns SWA off.</summary>
    public int SwaStart { get; init; } = 20;
    public double SwaLr { get; init; } = 1e-4;
    public int SwaAnnealEpochs { get; init; } = 5;
    public int VideoLayers { get; init; } = 6;
    public int VideoDim { get; init; } = 256;
    public int Seed { get; init; } = 0;
    /// <summary>"auto" (CUDA when TorchSharp finds it), "cpu" or "cuda".</summary>
    public string Device { get; init; } = "auto";
    public int? Threads { get; init; }
    /// <summary>Arithmetic of the forward pass: "fp32", "tf32" or "bf16" (<see cref="TrainingPrecision"/>).</summary>
    public string Precision { get; init; } = "fp32";
    /// <summary>AdaLN condition: "rf-masks" (the paper), "video" (stage-1 output averaged over channels) or
    /// "none" (no AdaLN block).</summary>
    public string Condition { get; init; } = "rf-masks";
    /// <summary>False: no video extractor (conv_out straight from the input features).</summary>
    public bool VideoExtractor { get; init; } = true;
    /// <summary>False: window 1 only in every multiscale block.</summary>
    public bool MultiscaleKernels { get; init; } = true;
    /// <summary>Causal dilated convolutions in the video stage.</summary>
    public bool CausalVideo { get; init; } = true;
    /// <summary>Causal multiscale blocks.</summary>
    public bool CausalMultiscale { get; init; } = true;
    /// <summary>Training objective: "vist" (the authors' loss), "rmse" (RMSE alone: "Replace loss by RMSE") or
    /// "vist-balanced" (the authors' loss with every cell's error relative to its own rates' spread: <see cref="CellBalance"/>).</summary>
    public string Loss { get; init; } = "vist";
    /// <summary>Dataset cell indices to model (null: all), in this order; the network has that many outputs.</summary>
    public int[]? Cells { get; init; }
    /// <summary>Weights to start from instead of a fresh initialisation (fine-tuning): a .safetensors file, a run
    /// folder (its model.safetensors) or a .vist bundle (its head.safetensors). Same network shape required.</summary>
    public string? InitWeights { get; init; }
    /// <summary>Train on this fraction of the split's training ranges (evenly spaced; null: all of them).</summary>
    public double? TrainFraction { get; init; }

    /// <summary>The network these options train on features of width <paramref name="inputDim"/>.</summary>
    public ViStConfig NetworkConfig(int inputDim, int cells, int grids) =>
        new ViStConfig(VideoLayers, VideoDim, inputDim, cells, grids, CausalMultiscale,
            Condition switch { "video" => Conditioning.Video, "none" => Conditioning.None, _ => Conditioning.RfMasks },
            VideoExtractor, MultiscaleKernels, CausalVideo == CausalMultiscale ? null : CausalVideo);

    public LearningRateSchedule Schedule() => new(Lr, WarmupLr, WarmupEpochs, Epochs, MinLr,
        SwaStart > 0 ? SwaStart : null, SwaLr, SwaAnnealEpochs);

    public void Validate()
    {
        if (Epochs < 1 || StepsPerEpoch < 1 || BatchSize < 1) throw new ArgumentException("epochs, steps per epoch and batch size must be >= 1");
        if (Window < 2) throw new ArgumentException($"window must be at least 2 frames, got {Window}");
        if (Lr <= 0 || WeightDecay < 0) throw new ArgumentException("lr must be > 0 and weight decay >= 0");
        if (SwaStart < 0 || SwaStart > Epochs) throw new ArgumentException($"swa start must be between 1 and epochs ({Epochs}), or 0 for no SWA; got {SwaStart}");
        if (VideoLayers < 1 || VideoDim < 1) throw new ArgumentException("video layers and video dim must be >= 1");
        if (Condition is not ("rf-masks" or "video" or "none")) throw new ArgumentException($"condition must be rf-masks, video or none, got '{Condition}'");
        if (Loss is not ("vist" or "rmse" or "vist-balanced")) throw new ArgumentException($"loss must be vist, rmse or vist-balanced, got '{Loss}'");
        if (Cells is { Length: 0 }) throw new ArgumentException("the cell selection is empty");
        if (Device is not ("auto" or "cpu" or "cuda")) throw new ArgumentException($"device must be auto, cpu or cuda, got '{Device}'");
        if (TrainFraction is { } f && !(f > 0 && f <= 1)) throw new ArgumentException($"train fraction must be in (0, 1], got {f}");
        if (!TrainingPrecision.IsValid(Precision))
            throw new ArgumentException($"precision must be {string.Join(", ", TrainingPrecision.Names)}, got '{Precision}'");
    }
}
