namespace ViST.Trainer.Training;

/// <summary>
/// The authors' per-epoch learning rate (vist-upstream.md 2.2), as one pure function of the epoch so a resumed run
/// gets exactly the same rates: OneCycleCos = LinearLR warm-up (start_factor = warmup_lr/base_lr, warmup_epochs)
/// then CosineAnnealingLR(T_max = epochs - warmup, eta_min), until Lightning's StochasticWeightAveraging takes
/// over at epoch swa_start-1 (0-based) with SWALR: that epoch keeps its rate, then a cosine anneal to swa_lr over
/// annealing_epochs, then swa_lr. With the defaults this reproduces the authors' metrics.csv to 8 digits.
/// </summary>
public sealed record LearningRateSchedule(
    double BaseLr = 8e-4,
    double WarmupLr = 5e-5,
    int WarmupEpochs = 5,
    int Epochs = 30,
    double MinLr = 1e-4,
    int? SwaStartEpoch = 20,          // 1-based as in the Lightning callback; null = no SWA
    double SwaLr = 1e-4,
    int SwaAnnealEpochs = 5)
{
    /// <summary>0-based epoch at which SWALR takes over (Lightning: swa_epoch_start - 1), or null.</summary>
    public int? SwaFirstEpoch => SwaStartEpoch is int s ? Math.Max(0, s - 1) : null;

    /// <summary>Learning rate during 0-based epoch <paramref name="epoch"/>.</summary>
    public double At(int epoch)
    {
        if (epoch < 0) throw new ArgumentOutOfRangeException(nameof(epoch));
        if (SwaFirstEpoch is int s && epoch >= s)
        {
            double start = OneCycleCos(s);
            int k = epoch - s;
            if (k >= SwaAnnealEpochs) return SwaLr;
            double alpha = (1 - Math.Cos(Math.PI * k / SwaAnnealEpochs)) / 2;
            return SwaLr * alpha + start * (1 - alpha);
        }
        return OneCycleCos(epoch);
    }

    double OneCycleCos(int epoch)
    {
        if (epoch <= WarmupEpochs)
        {
            double startFactor = WarmupLr / BaseLr;
            return BaseLr * (startFactor + (1 - startFactor) * epoch / Math.Max(1, WarmupEpochs));
        }
        int tMax = Math.Max(1, Epochs - WarmupEpochs);
        return MinLr + (BaseLr - MinLr) * (1 + Math.Cos(Math.PI * (epoch - WarmupEpochs) / tMax)) / 2;
    }
}
