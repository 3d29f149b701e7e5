using System.Diagnostics;
using Spectre.Console;
using TorchSharp;
using ViST.RetinaModel.Data.Datasets;
using ViST.RetinaModel.Metrics;
using ViST.Trainer.Model;
using ViST.Trainer.Torch;
using static TorchSharp.torch;

namespace ViST.Trainer.Training;

/// <summary>
/// The training loop. Fits Vi-ST to a dataset with the authors' recipe (TrainOptions): per epoch, StepsPerEpoch AdamW steps on random
/// windows with the Vi-ST loss, then validation on the held-out sequences run whole through the causal network
/// (as upstream: mean |r| logged as val_corr); SWA snapshots from SwaStart on, and at the end the averaged weights
/// with recomputed BatchNorm statistics, validated once more ("swa" row). Checkpoints after every epoch; a resumed
/// run continues the same run (same windows, same dropout draws, same learning rates). A stop request (a signal, see
/// TrainCommand) ends the run after the step in hand with a checkpoint inside the epoch, which a resume continues
/// from that step: every random draw depends only on the seed, the epoch and the step.
/// </summary>
public sealed class ViStTrainer
{
    readonly TrainingData _data;
    readonly TrainOptions _o;
    readonly TrainingRun _run;
    readonly Device _device;
    readonly TrainingStep _step;

    public ViStTrainer(TrainingData data, TrainOptions options, TrainingRun run)
    {
        options.Validate();
        _data = options.TrainFraction is { } f ? data.WithTrainFraction(f) : data;
        _o = options; _run = run;
        TorchRuntime.Start(options.Threads);
        _device = TorchRuntime.DeviceFor(options.Device);
        _step = new TrainingStep(options.Precision, options.Loss, _device, options.Loss == "vist-balanced" ? BalancedCellWeights() : null);
    }

    float[] BalancedCellWeights()
    {
        var spreads = CellBalance.Spreads(_data);
        var weights = CellBalance.Weights(spreads);
        Console.WriteLine($"loss vist-balanced: rate spreads {spreads.Min():F2}-{spreads.Max():F2} spikes/s, " +
            $"cell weights {weights.Min():F2}-{weights.Max():F2}");
        return weights;
    }

    public ViStConfig NetworkConfig => _o.NetworkConfig(_data.FeatureDim, _data.Cells, _data.Grid);

    /// <summary>Runs (or resumes) the training; returns the last validation row (null: stopped before this call
    /// validated an epoch). With <paramref name="stopAfterEpoch"/> it stops after that 0-based epoch (checkpointed),
    /// to be resumed later; when <paramref name="stop"/> is cancelled, after the step in hand (checkpointed inside the
    /// epoch). The final weights are written only when every epoch has run.</summary>
    public EpochRecord? Run(bool resume, int? stopAfterEpoch = null, CancellationToken stop = default)
    {
        manual_seed(_o.Seed);
        using var model = new ViStNetwork(NetworkConfig);
        model.to(_device);
        using var optimizer = optim.AdamW(model.parameters(), lr: _o.Lr, weight_decay: _o.WeightDecay);
        using var swa = new SwaAverager();
        var schedule = _o.Schedule();
        var sampler = new WindowSampler(_data.TrainSegmentLengths, _o.Window, _o.BatchSize, _o.StepsPerEpoch, _o.Seed);

        int first = 0;
        PartialEpoch? partial = null;
        if (resume && Checkpoint.Exists(_run.CheckpointDir))
        {
            (int lastEpoch, partial) = Checkpoint.Load(_run.CheckpointDir, model, optimizer, swa, _device);
            first = lastEpoch + 1;
            if (first >= _o.Epochs) throw new ArgumentException($"{_run.Directory}: the run has already finished its {_o.Epochs} epochs");
            TrainingLog.TruncateAfter(_run.LogFile, first - 1);
            // 1-based, as the progress lines count (log.csv's epoch column is 0-based)
            AnsiConsole.MarkupLine(partial is null ? $"[grey]resuming after epoch {first} of {_o.Epochs}[/]"
                : $"[grey]resuming epoch {first + 1} of {_o.Epochs} after its step {partial.Steps}[/]");
        }
        else
        {
            if (_o.InitWeights is { } init) InitialWeights.LoadInto(model, init);
            if (File.Exists(_run.LogFile)) File.Delete(_run.LogFile);
            _run.WriteRunInfo(new RunInfo(_data.Dataset.Directory, _o, _o.VideoLayers, _o.VideoDim, _data.FeatureDim,
                _data.Cells, _data.Grid, DateTime.UtcNow.ToString("O"), ProgramInfo.Describe(), ProgramInfo.PortableCommandLine()));
        }
        Console.WriteLine($"runs on: {TorchRuntime.Describe(_device)}; {TrainingPrecision.Describe(_o.Precision, _device)}");
        AnsiConsole.MarkupLine($"[grey]{NetworkConfig} ({model.ParameterCount():N0} parameters) on {_device.type}; " +
            $"{sampler.WindowCount} training windows, {sampler.BatchesPerEpoch} steps/epoch of {_o.BatchSize}x{_o.Window}[/]");

        EpochRecord? last = null;
        void DrawCurve() => TrainingCurve.Write(_run.CurveFile, TrainingLog.Read(_run.LogFile), sampler.BatchesPerEpoch, Path.GetFileName(_run.Directory));
        bool stopped = false;
        TrainingProgress.Run((_o.Epochs - first) * sampler.BatchesPerEpoch - (partial?.Steps ?? 0), sampler.BatchesPerEpoch, _o.Epochs, progress =>
        {
            int end = Math.Min(_o.Epochs, (stopAfterEpoch ?? int.MaxValue - 1) + 1);
            for (int epoch = first; epoch < end; epoch++)
            {
                var sw = Stopwatch.StartNew();
                var resumed = epoch == first ? partial : null;
                // A resumed partial epoch took its SWA snapshot before it stopped (the checkpoint holds it).
                if (resumed is null && schedule.SwaFirstEpoch is int s && epoch >= s) swa.Update(model);
                double lr = schedule.At(epoch);
                foreach (var g in optimizer.ParamGroups) g.LearningRate = lr;
                var sums = TrainEpoch(model, optimizer, sampler, epoch, resumed ?? new PartialEpoch(epoch, 0, 0, 0, 0), progress, stop);
                double Seconds() => sums.Seconds + sw.Elapsed.TotalSeconds;     // with the time before a stop
                if (stop.IsCancellationRequested)
                {
                    Checkpoint.Save(_run.CheckpointDir, model, optimizer, swa, epoch - 1, sums with { Seconds = Seconds() });
                    stopped = true;
                    break;
                }
                var (valLoss, val) = Validate(model);
                last = new EpochRecord(epoch, lr, sums.LossSum / sums.Steps, sums.CorrSum / sums.Steps, valLoss, val.MeanAbs, val.Mean, Seconds());
                TrainingLog.Append(_run.LogFile, last);
                DrawCurve();
                Checkpoint.Save(_run.CheckpointDir, model, optimizer, swa, epoch);
                progress.Epoch(last);
            }
            if (end < _o.Epochs || stopped) return;
            if (swa.Count > 0)
            {
                progress.Note("SWA: averaged weights, BatchNorm recompute");
                last = FinishSwa(model, swa, sampler);
                TrainingLog.Append(_run.LogFile, last);
                DrawCurve();
                progress.Note($"SWA over {swa.Count} epochs: val corr {last.ValCorr:F3} (signed {last.ValCorrSigned:F3})");
            }
            progress.Finish();
        });
        if (stopped || stopAfterEpoch is int after && after + 1 < _o.Epochs) return last;
        if (last == null) throw new InvalidOperationException("no epoch was run");
        ViStWeights.Save(model, _run.FinalWeights, new Dictionary<string, string>
        {
            ["config"] = NetworkConfig.ToString(),
            ["val_corr"] = last.ValCorr.ToString("G6", System.Globalization.CultureInfo.InvariantCulture),
        });
        return last;
    }

    /// <summary>The epoch's steps after <paramref name="start"/>'s, until the last or a stop request; returns the
    /// sums so far (Seconds as <paramref name="start"/> had them: the caller adds this call's time).</summary>
    PartialEpoch TrainEpoch(ViStNetwork model, optim.Optimizer optimizer, WindowSampler sampler, int epoch,
        PartialEpoch start, TrainingProgress progress, CancellationToken stop)
    {
        model.train();
        double lossSum = start.LossSum, corrSum = start.CorrSum; int steps = start.Steps;
        foreach (var batch in sampler.Epoch(epoch).Skip(steps))
        {
            if (stop.IsCancellationRequested) break;
            using var scope = NewDisposeScope();
            manual_seed(StepSeed(epoch, steps));                   // dropout draws depend only on (seed, epoch, step)
            var y = _data.Targets(batch).to(_device);
            var (loss, yhat) = _step.Run(model, optimizer, _data.Features(batch).to(_device), _data.Masks(batch.Length).to(_device), y);
            float value = loss.item<float>();
            lossSum += value;
            corrSum += BatchCorrelation(yhat, y);
            progress.Step(epoch, steps++, value);
        }
        return start with { Steps = steps, LossSum = lossSum, CorrSum = corrSum };
    }

    long StepSeed(int epoch, int step) => unchecked(((long)_o.Seed * 100_003 + epoch) * 1_000_003 + step);

    /// <summary>Upstream's train/corr: mean |r| per neuron over the batch concatenated in time.</summary>
    static double BatchCorrelation(Tensor yhat, Tensor y)
    {
        using var _ = no_grad();
        var p = HeldOutPrediction.ToSeries(yhat.detach().permute(1, 0, 2));     // [N, B, T]
        var t = HeldOutPrediction.ToSeries(y.permute(2, 0, 1));                 // [N, B, T]
        return Pearson.PerNeuron(p, t).MeanAbs;
    }

    /// <summary>The held-out ranges through the network (see <see cref="HeldOutPrediction"/>); val loss averaged over ranges, CC over all of
    /// them concatenated in time (as upstream concatenates its two test halves).</summary>
    public (double loss, CorrelationSummary corr) Validate(ViStNetwork model)
    {
        var (pred, target, loss) = HeldOutPrediction.Predict(model, _data, _device);
        return (loss, Pearson.PerNeuron(pred, target));
    }

    EpochRecord FinishSwa(ViStNetwork model, SwaAverager swa, WindowSampler sampler)
    {
        var sw = Stopwatch.StartNew();
        swa.CopyInto(model);
        var restore = SwaAverager.PrepareBatchNormRecompute(model);
        model.train();                                             // as Lightning: a forward-only training epoch
        using (no_grad())
        {
            manual_seed(_o.Seed * 100_003L + _o.Epochs);
            foreach (var batch in sampler.Epoch(_o.Epochs))
            {
                using var scope = NewDisposeScope();
                model.forward(_data.Features(batch).to(_device), _data.Masks(batch.Length).to(_device));
            }
        }
        restore();
        var (valLoss, val) = Validate(model);
        return new EpochRecord(_o.Epochs, _o.SwaLr, double.NaN, double.NaN, valLoss, val.MeanAbs, val.Mean,
            sw.Elapsed.TotalSeconds, $"swa over {swa.Count} epochs");
    }
}
