namespace ViST.Trainer.Training;

/// <summary>
/// Everything `vist-train train` can set. The defaults are the authors' recipe (vist-upstream.md 2.2):
/// AdamW lr 8e-4 wd 0.1, OneCycleCos per epoch, 30 epochs of 48 steps, batch 16 of random 128-frame windows,
/// SWA from epoch 20 (swa_lr 1e-4, 5 annealing epochs) with the BatchNorm recompute, the paper's network size.
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

    public LearningRateSchedule Schedule() => new(Lr, WarmupLr, WarmupEpochs, Epochs, MinLr,
        SwaStart > 0 ? SwaStart : null, SwaLr, SwaAnnealEpochs);

    public void Validate()
    {
        if (Epochs < 1 || StepsPerEpoch < 1 || BatchSize < 1) throw new ArgumentException("epochs, steps per epoch and batch size must be >= 1");
        if (Window < 2) throw new ArgumentException($"window must be at least 2 frames, got {Window}");
        if (Lr <= 0 || WeightDecay < 0) throw new ArgumentException("lr must be > 0 and weight decay >= 0");
        if (SwaStart < 0 || SwaStart > Epochs) throw new ArgumentException($"swa start must be between 1 and epochs ({Epochs}), or 0 for no SWA; got {SwaStart}");
        if (VideoLayers < 1 || VideoDim < 1) throw new ArgumentException("video layers and video dim must be >= 1");
        if (Device is not ("auto" or "cpu" or "cuda")) throw new ArgumentException($"device must be auto, cpu or cuda, got '{Device}'");
    }
}
